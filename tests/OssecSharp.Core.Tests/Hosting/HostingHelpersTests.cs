using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Core.Tests.Hosting;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostingHelpersTests
{
    [Theory]
    [InlineData(15, "SIGNAL [(15)-(Terminated)] Received. Exit Cleaning...")]
    [InlineData(2, "SIGNAL [(2)-(Interrupt)] Received. Exit Cleaning...")]
    [InlineData(3, "SIGNAL [(3)-(Quit)] Received. Exit Cleaning...")]
    public void Signal_lines_use_strsignal_names(int number, string expected)
    {
        ShutdownSignals.Describe(number).Should().Be(expected);
    }

    [Fact]
    public void Shutdown_request_cancels_the_token_and_keeps_the_first_signal()
    {
        using var signals = new ShutdownSignals();
        signals.RequestShutdown(15);
        signals.RequestShutdown(2);

        signals.Token.IsCancellationRequested.Should().BeTrue();
        signals.SignalNumber.Should().Be(15);
    }

    [Fact]
    public void The_signal_is_announced_once_before_any_clean_up_sees_the_token()
    {
        using var signals = new ShutdownSignals();
        var order = new List<string>();
        using var announcing = signals.Announce(number => order.Add($"announce {number}"));
        signals.Token.Register(() => order.Add("clean-up"));

        signals.RequestShutdown(15);
        signals.RequestShutdown(2);

        order.Should().Equal("announce 15", "clean-up");
    }

    [Fact]
    public void A_signal_received_before_announcing_is_announced_at_once_and_an_internal_stop_is_not()
    {
        using var early = new ShutdownSignals();
        early.RequestShutdown(3);
        var announced = new List<int>();
        using (early.Announce(announced.Add))
        {
            announced.Should().Equal(3);
        }

        using var internalStop = new ShutdownSignals();
        using var announcing = internalStop.Announce(announced.Add);
        internalStop.RequestShutdown();
        internalStop.Token.IsCancellationRequested.Should().BeTrue();
        announced.Should().Equal(3);
    }

    [Fact]
    public void After_announcing_is_disposed_a_late_signal_is_not_announced()
    {
        using var signals = new ShutdownSignals();
        var announced = new List<int>();
        signals.Announce(announced.Add).Dispose();

        signals.RequestShutdown(15);

        announced.Should().BeEmpty();
        signals.Token.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public void Pid_file_holds_pid_newline_mode_0640_and_is_deleted_on_dispose()
    {
        using var temp = new TempFolder();
        var paths = new OssecPaths(temp.Path);
        Directory.CreateDirectory(paths.VarRun);
        string path;
        using (var pidFile = PidFile.Create(paths, "ossec-remoted", 1234))
        {
            path = pidFile.Path;
            path.Should().EndWith("var/run/ossec-remoted-1234.pid");
            File.ReadAllText(path).Should().Be("1234\n");
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            PidFile.Read(path).Should().Be(1234);
            Directory.GetFiles(paths.VarRun).Should().ContainSingle("no temp file is left behind");
        }

        File.Exists(path).Should().BeFalse();
        PidFile.Read(path).Should().BeNull();
    }

    [Fact]
    public void State_file_is_rendered_as_quoted_key_values_and_replaced_atomically()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ossec-remoted.state");
        var count = 0;
        var writer = new StateFileWriter(path, "ossec-remoted", () => [new("msg_count", (++count).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("odd", "a'b\nc")], TimeSpan.FromSeconds(5), Logger.None);

        writer.WriteOnce().Should().BeTrue();
        writer.WriteOnce().Should().BeTrue();

        File.ReadAllText(path).Should().Be("# State file for ossec-remoted\n\nmsg_count='2'\nodd='a\"b c'\n");
        Directory.GetFiles(temp.Path).Should().ContainSingle();
    }

    [Fact]
    public async Task State_file_loop_writes_a_last_time_on_stop()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("x.state");
        var value = "first";
        var writer = new StateFileWriter(path, "x", () => [new("v", value)], TimeSpan.FromHours(1), Logger.None);
        using var cts = new CancellationTokenSource();
        var loop = writer.RunAsync(cts.Token);
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(path), TimeSpan.FromSeconds(10))).Should().BeTrue();
        value = "last";
        await cts.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        File.ReadAllText(path).Should().Contain("v='last'");
    }

    [Fact]
    public void User_database_reads_passwd_and_group()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("passwd"), "root:x:0:0:root:/root:/bin/bash\nossecr:x:1001:1000::/var/ossec:/sbin/nologin\n");
        File.WriteAllText(temp.Combine("group"), "root:x:0:\nossec:x:1000:ossecr\n");
        var users = new UserDatabase(temp.Combine("passwd"), temp.Combine("group"));

        users.FindUser("ossecr").Should().Be((1001u, 1000u));
        users.FindGroup("ossec").Should().Be(1000u);
        users.FindUser("ossec").Should().BeNull();
        users.FindGroup("nogroup").Should().BeNull();
    }

    [Fact]
    public void Missing_default_account_only_warns()
    {
        using var temp = new TempFolder();
        var users = new UserDatabase(temp.Combine("passwd"), temp.Combine("group"));
        var (logger, logs) = CollectingSink.CreateLogger();

        new PrivilegeDrop(users, logger).Apply("ossec", "ossec", userExplicit: false, groupExplicit: false).Should().BeNull();

        if (Interop.Libc.IsRoot)
        {
            logs.Lines.Should().Contain("ossec-test: WARN: User 'ossec' or group 'ossec' not found: running as root.");
        }
    }

    [Fact]
    public void Default_account_is_not_taken_for_an_install_that_does_not_belong_to_its_group()
    {
        // An account exists, but the install (a temp folder owned by the test's own group) was not set up for it:
        // the daemon keeps its identity instead of dropping to a user that could not write the install.
        using var temp = new TempFolder();
        var me = Interop.Libc.GetEuid();
        var otherGid = Interop.Libc.GetGid() + 4242;
        File.WriteAllText(temp.Combine("passwd"), $"ossec:x:{me + 4242}:{otherGid}::/var/ossec:/sbin/nologin\n");
        File.WriteAllText(temp.Combine("group"), $"ossec:x:{otherGid}:\n");
        var users = new UserDatabase(temp.Combine("passwd"), temp.Combine("group"));
        var (logger, logs) = CollectingSink.CreateLogger();

        new PrivilegeDrop(users, logger).Apply("ossec", "ossec", userExplicit: false, groupExplicit: false, temp.Path)
            .Should().BeNull();

        Interop.Libc.GetEuid().Should().Be(me);
        if (Interop.Libc.IsRoot)
        {
            logs.Lines.Should().Contain(l => l.Contains("does not belong to group 'ossec': running as root.", StringComparison.Ordinal));
        }
    }
}
