using System.Globalization;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Hosting;

/// <summary>DaemonHost as a real process: background launch, PID file, signals, config errors, flags.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DaemonHostProcessTests
{
    private const string Probe = "ossecsharp-daemon-probe";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Foreground_daemon_writes_pid_file_logs_start_and_cleans_up_on_SIGTERM()
    {
        using var install = new TestInstall();
        await using var daemon = ProcessRunner.Start(Probe, ["-f", "-D", install.Home]);
        var pidFile = install.PathOf("var", "run", $"ossecsharp-probe-{daemon.Pid}.pid");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(install.PathOf("var", "run", "probe.running")), Deadline)).Should().BeTrue(daemon.Stderr);

        (await File.ReadAllTextAsync(pidFile)).Should().Be(daemon.Pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.GetUnixFileMode(pidFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        install.ReadOssecLog().Should().Contain($"ossecsharp-probe: INFO: Started (pid: {daemon.Pid}).\n");
        // stderr is read by a pipe reader of its own: the line may reach the test a moment after the log file's.
        (await ProcessRunner.WaitUntilAsync(() => daemon.Stderr.Contains($"Started (pid: {daemon.Pid}).", StringComparison.Ordinal), Deadline))
            .Should().BeTrue(daemon.Stderr);

        await daemon.StopAsync(Deadline);

        daemon.ExitCode.Should().Be(1, "OSSEC's daemons exit 1 from their signal handler");
        File.Exists(pidFile).Should().BeFalse();
        install.ReadOssecLog().Should().Contain("ossecsharp-probe(1225): INFO: SIGNAL [(15)-(Terminated)] Received. Exit Cleaning...\n");
    }

    [Fact]
    public async Task Without_f_the_launcher_returns_0_once_the_detached_child_runs()
    {
        using var install = new TestInstall();
        var launcher = await ProcessRunner.RunAsync(Probe, ["-D", install.Home], Deadline);
        launcher.ExitCode.Should().Be(0, launcher.Stderr);

        var pidFiles = Directory.GetFiles(install.PathOf("var", "run"), "ossecsharp-probe-*.pid");
        pidFiles.Should().ContainSingle();
        var childPid = int.Parse((await File.ReadAllTextAsync(pidFiles[0])).Trim(), CultureInfo.InvariantCulture);
        childPid.Should().NotBe(launcher.Pid);
        try
        {
            using var child = System.Diagnostics.Process.GetProcessById(childPid);
            child.HasExited.Should().BeFalse();
            (await install.WaitForOssecLogAsync($"Started (pid: {childPid}).", Deadline)).Should().Contain($"Started (pid: {childPid}).");

            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", childPid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().WaitAsync(Deadline);
            }

            await child.WaitForExitAsync().WaitAsync(Deadline);
            File.Exists(pidFiles[0]).Should().BeFalse();
        }
        finally
        {
            KillIfAlive(childPid);
        }
    }

    [Fact]
    public async Task Without_f_a_config_error_makes_the_launcher_fail_with_the_childs_message()
    {
        using var install = new TestInstall(ossecConf: "<ossec_config><broken/></ossec_config>\n");
        var launcher = await ProcessRunner.RunAsync(Probe, ["-D", install.Home], Deadline);

        launcher.ExitCode.Should().Be(1);
        launcher.Stderr.Should().Contain("ossecsharp-probe: ERROR: ").And.Contain("invalid element 'broken'");
        launcher.Stderr.Should().Contain("ossecsharp-probe(1202): CRITICAL: Configuration error at '");
        Directory.GetFiles(install.PathOf("var", "run"), "*.pid").Should().BeEmpty();
    }

    [Theory]
    [InlineData("<ossec_config/>\n", 0)]
    [InlineData("<broken/>\n", 1)]
    public async Task Dash_t_tests_the_configuration_only(string config, int expected)
    {
        using var install = new TestInstall(ossecConf: config);
        var run = await ProcessRunner.RunAsync(Probe, ["-t", "-D", install.Home], Deadline);

        run.ExitCode.Should().Be(expected, run.Stderr);
        File.Exists(install.PathOf("var", "run", "probe.running")).Should().BeFalse();
        if (expected == 1)
        {
            run.Stderr.Should().MatchRegex(@"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ossecsharp-probe: ERROR: .*ossec\.conf:1: invalid element 'broken'\.");
        }
    }

    [Fact]
    public async Task Failure_while_running_is_logged_and_exits_1()
    {
        using var install = new TestInstall();
        var run = await ProcessRunner.RunAsync(Probe, ["-f", "-x", "-D", install.Home], Deadline);

        run.ExitCode.Should().Be(1);
        install.ReadOssecLog().Should().Contain("ossecsharp-probe: CRITICAL: Fatal error: probe failure");
        Directory.GetFiles(install.PathOf("var", "run"), "*.pid").Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_flag_prints_getopt_error_and_usage_and_exits_1()
    {
        var run = await ProcessRunner.RunAsync(Probe, ["-fz"], Deadline);

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().StartWith("ossecsharp-probe: invalid option -- 'z'\n");
        run.Stderr.Should().Contain("  ossecsharp-probe: -[Vhdtfx] [-u user]");
    }

    [Fact]
    public async Task Dash_V_prints_version_and_exits_0()
    {
        var run = await ProcessRunner.RunAsync(Probe, ["-V"], Deadline);

        run.ExitCode.Should().Be(0);
        run.Stderr.Should().Contain("OSSEC HIDS v4.2.0 - OssecSharp 1.0.0");
    }

    private static void KillIfAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
