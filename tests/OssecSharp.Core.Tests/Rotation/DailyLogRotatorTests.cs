using System.Text;
using System.Text.RegularExpressions;
using OssecSharp.Core.Config;
using OssecSharp.Core.Interop;
using OssecSharp.Core.Rotation;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Core.Tests.Rotation;

public sealed partial class DailyLogRotatorTests
{
    private static readonly DateOnly Dec30 = new(2026, 12, 30);
    private static readonly DateOnly Dec31 = new(2026, 12, 31);
    private static readonly DateOnly Jan01 = new(2027, 1, 1);
    private static readonly ManualClock Midnight = new(new DateTimeOffset(2027, 1, 1, 0, 1, 45, TimeSpan.Zero));

    [GeneratedRegex("[0-9a-f]{32,40}")]
    private static partial Regex Hex();

    private static DailyLogRotator Rotator(RotationTestInstall install, RotationSettings? settings = null, Serilog.ILogger? log = null) =>
        new(install.Home, [install.Log, install.Json], settings ?? new RotationSettings(), Midnight, log ?? Logger.None, "ossec-remoted");

    private static void WriteDay(DailyLogFamily family, DateOnly day, string text)
    {
        Directory.CreateDirectory(family.MonthDirectory(day));
        File.WriteAllText(family.DayPath(day), text);
    }

    [Fact]
    public void Sum_is_the_vectors_text_with_this_days_hashes()
    {
        using var vectors = SharedReference.LoadVectors("rotation.json");
        var expected = vectors.RootElement.GetProperty("files").GetProperty("logs/archives/2026/Dec/ossec-archive-31.log.sum")
            .GetProperty("content").GetString()!;
        using var install = new RotationTestInstall();
        WriteDay(install.Log, Dec31, "2026 Dec 31 23:59:38 (bench) any->/var/log/rot.log rotev00000x\n");
        var (logger, logs) = CollectingSink.CreateLogger("ossec-remoted");

        Rotator(install, log: logger).CloseDay(Dec31);

        var sum = File.ReadAllText(install.Log.DayPath(Dec31) + ".sum");
        Hex().Replace(sum, "H").Should().Be(Hex().Replace(expected, "H"));
        var original = RotationTestInstall.DecompressBytes(install.Log.DayPath(Dec31) + ".gz");
        sum.Should().Contain(RotationTestInstall.Md5(original)).And.Contain(RotationTestInstall.Sha1(original));

        // monitord's two lines for the missing chain, with its wording (our daemon's name as the tag).
        var monitordLines = vectors.RootElement.GetProperty("ossec_log_lines").EnumerateArray().Select(l => l.GetString()!)
            .Where(l => l.Contains("/logs/archives/", StringComparison.Ordinal))
            .Select(l => l[20..].Replace("ossec-monitord", "ossec-remoted", StringComparison.Ordinal));
        logs.Lines.Should().ContainInOrder(monitordLines);
    }

    [Fact]
    public void Chained_checksum_is_of_the_previous_days_sum_file()
    {
        using var install = new RotationTestInstall();
        WriteDay(install.Log, Dec30, "day 30\n");
        WriteDay(install.Log, Dec31, "day 31\n");
        var rotator = Rotator(install);
        rotator.CloseDay(Dec30);
        var previousSum = File.ReadAllBytes(install.Log.DayPath(Dec30) + ".sum");

        rotator.CloseDay(Dec31);

        var sum = File.ReadAllText(install.Log.DayPath(Dec31) + ".sum");
        sum.Should().Contain($"MD5  (/logs/archives/2026/Dec/ossec-archive-30.log.sum) = {RotationTestInstall.Md5(previousSum)}\n");
        sum.Should().Contain($"SHA1 (/logs/archives/2026/Dec/ossec-archive-30.log.sum) = {RotationTestInstall.Sha1(previousSum)}\n\n");
        sum.Should().Contain($"MD5  (/logs/archives/2026/Dec/ossec-archive-31.log) = {RotationTestInstall.Md5("day 31\n"u8.ToArray())}\n");
    }

    [Fact]
    public void Compress_0_keeps_the_plain_day_and_sign_0_writes_no_sum()
    {
        using var install = new RotationTestInstall();
        WriteDay(install.Log, Dec31, "x\n");
        Rotator(install, new RotationSettings { Compress = false }).CloseDay(Dec31);
        File.Exists(install.Log.DayPath(Dec31)).Should().BeTrue();
        File.Exists(install.Log.DayPath(Dec31) + ".gz").Should().BeFalse();
        File.Exists(install.Log.DayPath(Dec31) + ".sum").Should().BeTrue();

        File.Delete(install.Log.DayPath(Dec31) + ".sum");
        Rotator(install, new RotationSettings { Sign = false }).CloseDay(Dec31);
        File.Exists(install.Log.DayPath(Dec31) + ".sum").Should().BeFalse();
        File.Exists(install.Log.DayPath(Dec31) + ".gz").Should().BeTrue();
        File.Exists(install.Log.DayPath(Dec31)).Should().BeFalse();
    }

    [Fact]
    public void Json_days_are_left_alone_when_neither_day_has_a_file()
    {
        using var install = new RotationTestInstall();
        WriteDay(install.Log, Dec31, "x\n");
        Rotator(install).CloseDay(Dec31);
        File.Exists(install.Json.DayPath(Dec31) + ".sum").Should().BeFalse();
    }

    [Fact]
    public void Day_still_linked_as_archives_log_is_never_compressed()
    {
        using var install = new RotationTestInstall();
        DailyLink.Ensure(install.Log, Dec31, 0x1A0, Logger.None).Should().BeTrue();
        File.AppendAllText(install.Paths.ArchivesLog, "still written\n");

        Rotator(install).CloseDay(Dec31);

        File.ReadAllText(install.Log.DayPath(Dec31)).Should().Be("still written\n");
        File.Exists(install.Log.DayPath(Dec31) + ".gz").Should().BeFalse();
    }

    [Fact]
    public void Catch_up_links_today_and_closes_a_yesterday_left_plain()
    {
        using var install = new RotationTestInstall();
        DailyLink.Ensure(install.Log, Dec31, 0x1A0, Logger.None).Should().BeTrue();
        File.AppendAllText(install.Paths.ArchivesLog, "yesterday\n");

        Rotator(install).CatchUp(Jan01);

        RotationTestInstall.DayLines(install.Log.DayPath(Dec31)).Should().Equal("yesterday");
        File.Exists(install.Log.DayPath(Dec31)).Should().BeFalse();
        Libc.TryStatx(install.Paths.ArchivesLog, out var link).Should().BeTrue();
        Libc.TryStatx(install.Log.DayPath(Jan01), out var today).Should().BeTrue();
        link.Inode.Should().Be(today.Inode);
    }

    [Fact]
    public void Archives_log_written_before_rotation_becomes_todays_file_and_keeps_its_lines()
    {
        using var install = new RotationTestInstall();
        File.WriteAllText(install.Paths.ArchivesLog, "old line 1\nold line 2\n");

        DailyLink.Ensure(install.Log, Dec31, 0x1A0, Logger.None).Should().BeTrue();
        File.AppendAllText(install.Log.DayPath(Dec31), "new line\n");

        File.ReadAllText(install.Paths.ArchivesLog).Should().Be("old line 1\nold line 2\nnew line\n");
    }

    [Fact]
    public void Plain_archives_log_beside_an_existing_day_file_is_kept_aside_not_lost()
    {
        using var install = new RotationTestInstall();
        WriteDay(install.Log, Dec31, "day\n");
        File.WriteAllText(install.Paths.ArchivesLog, "orphan\n");

        DailyLink.Ensure(install.Log, Dec31, 0x1A0, Logger.None).Should().BeTrue();

        File.ReadAllText(install.Paths.ArchivesLog).Should().Be("day\n");
        Directory.GetFiles(install.Paths.ArchivesDir, "archives.log.2*").Should().ContainSingle()
            .Which.Should().Match(f => File.ReadAllText(f) == "orphan\n");
    }

    [Fact]
    public void Retention_is_off_by_default_and_removes_only_days_older_than_keep_days()
    {
        using var install = new RotationTestInstall();
        var days = new[] { new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 29), Dec30, Dec31 };
        foreach (var day in days)
        {
            WriteDay(install.Log, day, "x\n");
            File.WriteAllText(install.Log.DayPath(day) + ".sum", "s");
            File.WriteAllText(install.Log.DayPath(day) + ".gz", "g");
        }

        File.WriteAllText(Path.Combine(install.Log.MonthDirectory(Dec30), "notes.txt"), "not ours");
        Rotator(install).ApplyRetention(Jan01).Should().Be(0);

        Rotator(install, new RotationSettings { KeepDays = 2 }).ApplyRetention(Jan01).Should().Be(6);

        File.Exists(install.Log.DayPath(new DateOnly(2026, 12, 29))).Should().BeFalse();
        Directory.Exists(install.Log.MonthDirectory(new DateOnly(2026, 11, 30))).Should().BeFalse("its only days were removed");
        File.Exists(install.Log.DayPath(Dec30) + ".gz").Should().BeTrue();
        File.Exists(install.Log.DayPath(Dec31)).Should().BeTrue();
        File.Exists(Path.Combine(install.Log.MonthDirectory(Dec30), "notes.txt")).Should().BeTrue();
    }

    [Fact]
    public void Settings_are_read_from_monitords_internal_options_with_ossecs_ranges()
    {
        using var temp = new TempFolder();
        var file = temp.Combine("internal_options.conf");
        File.WriteAllText(file, "monitord.day_wait=7\nmonitord.compress=0\nmonitord.sign=0\nmonitord.notify_time=60\nmonitord.keep_days=31\n");
        var settings = RotationSettings.From(InternalOptions.Load(file, null));
        settings.Should().BeEquivalentTo(new RotationSettings
        {
            DayWait = TimeSpan.FromSeconds(7), Compress = false, Sign = false, NotifyTime = TimeSpan.FromSeconds(60), KeepDays = 31,
        });
        settings.DisconnectWindow.Should().Be(TimeSpan.FromSeconds(210));
        RotationSettings.From(InternalOptions.Empty).DisconnectWindow.Should().Be(TimeSpan.FromSeconds(1830));

        File.WriteAllText(file, "monitord.day_wait=3\n");
        var act = () => RotationSettings.From(InternalOptions.Load(file, null));
        act.Should().Throw<ConfigException>();
    }

    [Fact]
    public void Day_file_names_use_english_months_and_two_digit_days()
    {
        using var install = new RotationTestInstall();
        Path.GetRelativePath(install.Home, install.Log.DayPath(new DateOnly(2027, 1, 5)))
            .Should().Be(Path.Combine("logs", "archives", "2027", "Jan", "ossec-archive-05.log"));
        Path.GetFileName(install.Json.DayPath(Dec31)).Should().Be("ossec-archive-31.json");
        Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(DailyLogFamily.MonthName(5))).Should().Be("May");
    }
}
