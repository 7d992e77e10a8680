using OssecSharp.Core.Events;
using OssecSharp.Core.Interop;
using OssecSharp.Core.Rotation;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Core.Tests.Rotation;

/// <summary>
/// Midnight under load: two sinks (as remoted and agentlessd, each with its own writer) write the same archives while
/// the clock crosses the day, and the rotator hosted beside them closes the old day.
/// </summary>
public sealed class DayChangeUnderLoadTests
{
    private static readonly DateTimeOffset BeforeMidnight = new(2026, 12, 31, 23, 59, 58, TimeSpan.Zero);
    private static readonly DateOnly Dec31 = new(2026, 12, 31);
    private static readonly DateOnly Jan01 = new(2027, 1, 1);

    [Fact]
    public async Task Day_change_under_load_rotates_compresses_and_signs_without_losing_or_repeating_an_event()
    {
        using var install = new RotationTestInstall();
        var clock = new ManualClock(BeforeMidnight);
        var (logger, logs) = CollectingSink.CreateLogger("ossec-remoted");
        var sinks = Enumerable.Range(0, 2).Select(_ => new EventSink(new EventSinkOptions
        {
            ArchivesLog = install.Paths.ArchivesLog,
            ArchivesJson = install.Paths.ArchivesJson,
            DailyFiles = true,
            Time = clock,
            Capacity = 4096,
        }, logger)).ToArray();
        foreach (var sink in sinks)
        {
            sink.Start();
        }

        var settings = new RotationSettings { DayWait = TimeSpan.FromMilliseconds(200), CheckInterval = TimeSpan.FromMilliseconds(50) };
        var rotator = new DailyLogRotator(install.Home, [install.Log, install.Json], settings, clock, logger, "ossec-remoted");
        using var stop = new CancellationTokenSource();
        var rotating = rotator.RunAsync(stop.Token);

        // 4 producers × 10,000 events, the clock crossing midnight while they run; a full queue is retried, never dropped.
        const int PerProducer = 10_000;
        var produced = 0;
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                var item = new ArchiveEvent('1', "(web01) any->/var/log/rot.log", $"ev-{p}-{i}", clock.GetUtcNow(), "001", "web01", "any");
                var spin = new SpinWait();
                while (!sinks[p % 2].TryEnqueue(item))
                {
                    spin.SpinOnce();
                }

                if (Interlocked.Increment(ref produced) == 2 * PerProducer)
                {
                    clock.Set(new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero));
                }
            }
        })).ToArray();
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var sink in sinks)
        {
            (await sink.StopAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
            await sink.DisposeAsync();
        }

        var oldLog = install.Log.DayPath(Dec31);
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(oldLog + ".gz") && File.Exists(install.Json.DayPath(Dec31) + ".gz"), TimeSpan.FromSeconds(10)))
            .Should().BeTrue();
        await stop.CancelAsync();
        await rotating.WaitAsync(TimeSpan.FromSeconds(10));

        // Every event exactly once across the two days, in both formats.
        var newLog = install.Log.DayPath(Jan01);
        var lines = RotationTestInstall.DayLines(oldLog).Concat(File.ReadAllLines(newLog)).ToList();
        var ids = lines.Select(l => l[(l.LastIndexOf(' ') + 1)..]).ToList();
        ids.Should().HaveCount(4 * PerProducer).And.OnlyHaveUniqueItems();
        RotationTestInstall.DayLines(oldLog).Should().NotBeEmpty();
        File.ReadAllLines(newLog).Should().NotBeEmpty();
        var json = RotationTestInstall.DayLines(install.Json.DayPath(Dec31)).Concat(File.ReadAllLines(install.Json.DayPath(Jan01))).ToList();
        json.Should().HaveCount(4 * PerProducer);
        json.Select(l => l[l.IndexOf("\"full_log\":", StringComparison.Ordinal)..]).Should().OnlyHaveUniqueItems();
        sinks.Sum(s => s.Counters.Written).Should().Be(4 * PerProducer);
        sinks.Sum(s => s.Counters.ArchiveFailures).Should().Be(0);

        // archives.log is today's file (same inode), the old day is gone in favour of its .gz and .sum.
        Libc.TryStatx(install.Paths.ArchivesLog, out var link).Should().BeTrue();
        Libc.TryStatx(newLog, out var today).Should().BeTrue();
        link.Inode.Should().Be(today.Inode);
        link.Links.Should().Be(2);
        File.Exists(oldLog).Should().BeFalse();

        // The .sum is monitord's text over the uncompressed day.
        var original = RotationTestInstall.DecompressBytes(oldLog + ".gz");
        File.ReadAllText(oldLog + ".sum").Should().Be(
            "Current checksum:\n"
            + $"MD5  (/logs/archives/2026/Dec/ossec-archive-31.log) = {RotationTestInstall.Md5(original)}\n"
            + $"SHA1 (/logs/archives/2026/Dec/ossec-archive-31.log) = {RotationTestInstall.Sha1(original)}\n\n"
            + "Chained checksum:\n"
            + "MD5  (/logs/archives/2026/Dec/ossec-archive-30.log.sum) = none\n"
            + "SHA1 (/logs/archives/2026/Dec/ossec-archive-30.log.sum) = none\n\n");
        logs.Lines.Should().Contain(
            "2026/12/31 23:59:58 ossec-remoted: No previous md5 checksum found: '/logs/archives/2026/Dec/ossec-archive-30.log.sum'. Starting over."[20..]);
        foreach (var file in new[] { oldLog + ".gz", oldLog + ".sum", newLog })
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, file);
        }
    }

    [Fact]
    public async Task Writers_of_two_days_share_nothing_a_late_clock_keeps_writing_the_newest_day()
    {
        using var install = new RotationTestInstall();
        var clock = new ManualClock(new DateTimeOffset(2027, 1, 1, 0, 0, 5, TimeSpan.Zero));
        var sink = new EventSink(new EventSinkOptions { ArchivesLog = install.Paths.ArchivesLog, DailyFiles = true, Time = clock }, Logger.None);
        sink.Start();
        sink.TryEnqueue(new ArchiveEvent('1', "x", "after midnight", clock.GetUtcNow())).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => sink.Counters.Written == 1, TimeSpan.FromSeconds(5))).Should().BeTrue();

        // NTP steps the clock back across midnight: the old day (maybe compressed already) is not reopened.
        clock.Set(BeforeMidnight);
        sink.TryEnqueue(new ArchiveEvent('1', "x", "clock stepped back", clock.GetUtcNow())).Should().BeTrue();
        (await sink.StopAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
        await sink.DisposeAsync();

        File.Exists(install.Log.DayPath(Dec31)).Should().BeFalse();
        File.ReadAllLines(install.Log.DayPath(Jan01)).Should().HaveCount(2);
    }
}
