using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Control;

public sealed class ControlTests : IDisposable
{
    private readonly TestInstall _install = new("server");

    public ControlTests()
    {
        FakeDaemon.Install(_install, "ossec-remoted");
        FakeDaemon.Install(_install, "ossec-agentlessd");
    }

    public void Dispose()
    {
        // Never leave a fake daemon behind.
        foreach (var pidFile in Directory.GetFiles(_install.PathOf("var", "run"), "*.pid"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(pidFile).Split('-')[^1], out var pid))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
            }
        }

        _install.Dispose();
    }

    [Fact]
    public async Task Start_status_stop_cycle_prints_ossec_lines_and_exit_codes()
    {
        var start = await ControlAsync("start");
        start.ExitCode.Should().Be(0, start.Stdout);
        start.Stdout.Should().Be("Starting OSSEC HIDS v4.2.0...\nStarted ossec-remoted...\nCompleted.\n");

        var status = await ControlAsync("status");
        status.ExitCode.Should().Be(0);
        status.Stdout.Should().Be("ossec-remoted is running...\n");

        var again = await ControlAsync("start");
        again.Stdout.Should().Contain("ossec-remoted already running...");

        var stop = await ControlAsync("stop");
        stop.ExitCode.Should().Be(0);
        stop.Stdout.Should().Be("Killing ossec-remoted .. \nOSSEC HIDS v4.2.0 Stopped\n");
        Directory.GetFiles(_install.PathOf("var", "run"), "*.pid").Should().BeEmpty();

        var after = await ControlAsync("status");
        after.ExitCode.Should().Be(1);
        after.Stdout.Should().Be("ossec-remoted not running...\n");

        (await ControlAsync("stop")).Stdout.Should().Be("ossec-remoted not running .. \nOSSEC HIDS v4.2.0 Stopped\n");
    }

    [Fact]
    public async Task Enable_agentless_adds_it_to_start_and_status_and_disable_removes_it()
    {
        (await ControlAsync("enable", "agentless")).ExitCode.Should().Be(0);
        File.ReadAllText(_install.PathOf("bin", ".process_list")).Should().Contain("AGENTLESS_DAEMON=ossec-agentlessd");

        var start = await ControlAsync("start");
        start.Stdout.Should().Be("Starting OSSEC HIDS v4.2.0...\nStarted ossec-agentlessd...\nStarted ossec-remoted...\nCompleted.\n");
        var status = await ControlAsync("status");
        status.Stdout.Should().Be("ossec-remoted is running...\nossec-agentlessd is running...\n");
        status.ExitCode.Should().Be(0);

        (await ControlAsync("stop")).ExitCode.Should().Be(0);
        (await ControlAsync("disable", "agentless")).ExitCode.Should().Be(0);

        // Disabled optional daemons are not counted as "not running" (peers get this exit code wrong).
        (await ControlAsync("start")).ExitCode.Should().Be(0);
        var disabled = await ControlAsync("status");
        disabled.Stdout.Should().Be("ossec-remoted is running...\n");
        disabled.ExitCode.Should().Be(0);
        await ControlAsync("stop");
    }

    [Fact]
    public async Task A_daemon_that_fails_at_start_is_reported_with_exit_code_1()
    {
        File.WriteAllText(_install.PathOf("fail-start-ossec-remoted"), string.Empty);
        var start = await ControlAsync("start");
        start.ExitCode.Should().Be(1);
        start.Stdout.Should().Contain("ossec-remoted: ERROR: Unable to bind to port\nossec-remoted did not start correctly.\n");
        start.Stdout.Should().NotContain("Completed.");
    }

    [Fact]
    public async Task A_daemon_that_dies_right_after_start_is_reported_with_the_tail_of_its_log()
    {
        File.WriteAllText(_install.PathOf("die-ossec-remoted"), string.Empty);
        var start = await ControlAsync("start");
        start.ExitCode.Should().Be(1);
        start.Stdout.Should().Contain("ossec-remoted: CRITICAL: (1206): Unable to bind.");
        start.Stdout.Should().Contain("ossec-remoted did not start correctly.");
    }

    [Fact]
    public async Task A_bad_configuration_stops_start_before_any_daemon_runs()
    {
        File.WriteAllText(_install.PathOf("fail-test-ossec-remoted"), string.Empty);
        var start = await ControlAsync("start");
        start.ExitCode.Should().Be(1);
        start.Stdout.Should().Contain("Invalid element in the configuration: 'bogus'.");
        start.Stdout.Should().Contain("ossec-remoted: Configuration error. Exiting.");
        Directory.GetFiles(_install.PathOf("var", "run"), "*.pid").Should().BeEmpty();
    }

    [Fact]
    public async Task A_stale_pid_file_is_cleaned_and_the_daemon_started()
    {
        var stale = _install.PathOf("var", "run", "ossec-remoted-999999.pid");
        File.WriteAllText(_install.PathOf("var", "run", "ossec-remoted-999998.pid"), "999998\n");
        var status = await ControlAsync("status");
        status.ExitCode.Should().Be(1);
        status.Stdout.Should().Be("ossec-remoted: Process 999998 not used by ossec, removing ..\nossec-remoted not running...\n");

        File.WriteAllText(stale, "999999\n");
        var start = await ControlAsync("start");
        start.ExitCode.Should().Be(0, start.Stdout);
        start.Stdout.Should().Contain($"Deleting PID file '{stale}' not used...");
        start.Stdout.Should().Contain("Started ossec-remoted...");
        File.Exists(stale).Should().BeFalse();
        await ControlAsync("stop");
    }

    [Theory]
    [InlineData(new[] { "bogus" }, "\nUsage: {0}/ossec-control {{start|stop|reload|restart|status|enable|disable}}\n")]
    [InlineData(new[] { "enable" }, "\nEnable options: database, client-syslog, agentless, auth, debug\nUsage: {0}/ossec-control enable [database|client-syslog|agentless|auth|debug]\n")]
    [InlineData(new[] { "disable", "x" }, "\nInvalid disable option.\n\nDisable options: database, client-syslog, agentless, auth, debug\nUsage: {0}/ossec-control disable [database|client-syslog|agentless|auth|debug]\n")]
    public async Task Bad_commands_print_ossec_usage_and_exit_1(string[] args, string expected)
    {
        var result = await ControlAsync(args);
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Be(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, _install.PathOf("bin")));
    }

    [Fact]
    public async Task Status_beside_ossecs_analysisd_and_monitord_says_who_rotates_each_log()
    {
        FakeDaemon.Install(_install, "ossec-analysisd");
        FakeDaemon.Install(_install, "ossec-monitord");

        var status = await ControlAsync("status");

        status.ExitCode.Should().Be(1);
        status.Stdout.Should().Be(
            "ossec-monitord not running...\nossec-remoted not running...\nossec-analysisd not running...\n"
            + "logs/archives/archives.log: daily files by ossec-analysisd (OSSEC), compressed and signed by ossec-monitord (OSSEC)\n"
            + "logs/archives/archives.json: daily files by ossec-analysisd (OSSEC), compressed and signed by ossec-monitord (OSSEC)\n"
            + "logs/alerts/alerts.log: daily files by ossec-analysisd (OSSEC), compressed and signed by ossec-monitord (OSSEC)\n"
            + "logs/ossec.log: not rotated by OSSEC nor OssecSharp (use logrotate)\n");
    }

    [Fact]
    public async Task Json_status_lists_each_daemon()
    {
        var result = await ControlAsync("status", "-j");
        result.ExitCode.Should().Be(1);
        result.Stdout.Trim().Should().Be("{\"error\":0,\"data\":[{\"daemon\":\"ossec-remoted\",\"status\":\"stopped\",\"pids\":[]}]}");
    }

    [Fact]
    public async Task Agent_install_manages_agentd_and_has_no_enable()
    {
        using var agent = new TestInstall("agent");
        FakeDaemon.Install(agent, "ossec-remoted");
        var result = await ProcessRunner.RunAsync("ossec-control", ["enable", "agentless"], TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["OSSEC_HOME"] = agent.Home });
        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Be($"Usage: {agent.PathOf("bin")}/ossec-control {{start|stop|reload|restart|status}}\n");

        // ossec-remoted is not an agent daemon: an agent install reports nothing for it.
        var status = await ProcessRunner.RunAsync("ossec-control", ["status"], TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["OSSEC_HOME"] = agent.Home });
        status.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Enabled_authd_is_tested_and_started_with_the_options_of_its_process_list_line()
    {
        FakeDaemon.Install(_install, "ossec-authd");
        var real = _install.PathOf("bin", "ossec-authd");
        File.Move(real, real + ".fake");
        File.WriteAllText(real, $"#!/bin/sh\necho \"$*\" >> '{_install.PathOf("authd-args")}'\nexec '{real}.fake' \"$@\"\n");
        File.SetUnixFileMode(real, (UnixFileMode)0b111_101_101);
        File.WriteAllText(_install.PathOf("bin", ".process_list"), "AUTHD_OPTIONS=\"-p 1516 -i\"\n");

        var disabled = await ControlAsync("start");
        disabled.Stdout.Should().NotContain("ossec-authd");
        (await ControlAsync("stop")).ExitCode.Should().Be(0);
        (await ControlAsync("enable", "auth")).ExitCode.Should().Be(0);
        var start = await ControlAsync("start");

        start.ExitCode.Should().Be(0, start.Stdout);
        start.Stdout.Should().Contain("Started ossec-authd...");
        File.ReadAllLines(_install.PathOf("authd-args")).Should().Equal("-t -p 1516 -i", "-p 1516 -i");
        (await ControlAsync("stop")).ExitCode.Should().Be(0);
    }

    private Task<ProcessRunner> ControlAsync(params string[] args) =>
        ProcessRunner.RunAsync("ossec-control", args, TimeSpan.FromSeconds(60),
            new Dictionary<string, string?> { ["OSSEC_HOME"] = _install.Home });
}
