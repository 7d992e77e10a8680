using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>ossec-agentlessd as a process with OSSEC-style fake scripts (no ssh): protocol, cron mode, safety.</summary>
public sealed class AgentlessProcessTests
{
    private const string Md5 = "d41d8cd98f00b204e9800998ecf8427e";
    private const string Sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    [Fact]
    public async Task Fake_script_output_gives_OSSECs_log_lines_and_queue_messages()
    {
        using var install = new AgentlessInstall();
        var argvLog = install.PathOf("argv.txt");
        WriteScript(install, "fake_integrity", $$"""
            [ "$1" = test ] && exit 0
            printf '%s|' "$@" >> '{{argvLog}}'; echo >> '{{argvLog}}'
            echo "INFO: Started."
            echo "FWD: 1234:755:0:0:{{Md5}}:{{Sha1}} /bin/ls"
            echo "LOG: hello from agentless"
            echo "some other line"
            echo "stderr line" >&2
            # A terminal glued this record behind an escape sequence and a CR: OSSEC lost it.
            printf '\033[?2004l\rFWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/glued\r\n'
            echo "INFO: Finished."
            """);
        install.WriteAgentless(
            AgentlessInstall.Block("fake_integrity", "root@10.0.0.5", "periodic", "/bin /etc"),
            AgentlessInstall.Block("fake_integrity", "use_su admin@10.0.0.6", "periodic", "/bin /etc"));

        var run = ProcessRunner.Start("ossec-agentlessd", ["-D", install.Home, .. AgentlessInstall.AsRoot, "-r", "-d"]);
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(0, install.OssecLog);
        File.ReadAllLines(argvLog).Should().Equal("root@10.0.0.5|/bin|/etc|", "use_su|admin@10.0.0.6|/bin|/etc|");
        var log = install.OssecLog;
        log.Should().Contain("ossec-agentlessd: INFO: Test passed for 'fake_integrity'.");
        log.Should().Contain("ossec-agentlessd: INFO: fake_integrity: root@10.0.0.5: Started.");
        log.Should().Contain("ossec-agentlessd: DEBUG: buffer: some other line");
        log.Should().Contain("ossec-agentlessd: DEBUG: buffer: stderr line");
        log.Should().Contain("ossec-agentlessd: INFO: fake_integrity: root@10.0.0.5: Finished.");
        var messages = install.Analysisd!.Take();
        messages.Should().Contain($"8:(fake_integrity) root@10.0.0.5->syscheck:1234:755:0:0:{Md5}:{Sha1} /bin/ls");
        messages.Should().Contain($"8:(fake_integrity) root@10.0.0.5->syscheck:1:644:0:0:{Md5}:{Sha1} /etc/glued");
        messages.Should().Contain("1:(fake_integrity) root@10.0.0.5->syscheck:hello from agentless");
        messages.Should().Contain($"8:(fake_integrity) admin@10.0.0.6->syscheck:1234:755:0:0:{Md5}:{Sha1} /bin/ls");
        File.ReadAllText(install.PathOf("queue", "agentless", "(fake_integrity) root@10.0.0.5")).Should().Be("type: syscheck\n");
    }

    [Fact]
    public async Task Remote_paths_with_dotdot_or_control_characters_and_log_injection_are_rejected()
    {
        using var install = new AgentlessInstall();
        WriteScript(install, "fake_evil", $$"""
            [ "$1" = test ] && exit 0
            echo "FWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/../../escape"
            printf 'FWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/bell\007name\n'
            printf 'INFO: forged\033[2J line\n'
            echo "FWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/fine name"
            """);
        install.WriteAgentless(AgentlessInstall.Block("fake_evil", "root@10.0.0.5", "periodic", "/etc"));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(0, install.OssecLog);
        install.Analysisd!.Take().Should().Equal($"8:(fake_evil) root@10.0.0.5->syscheck:1:644:0:0:{Md5}:{Sha1} /etc/fine name");
        var log = install.OssecLog;
        log.Should().Contain("Integrity record rejected (path with '..' or control characters)");
        log.Should().Contain(@"INFO: fake_evil: root@10.0.0.5: forged\x1b[2J line");
        log.Should().NotContain("\u001b").And.NotContain("\u0007");
    }

    [Fact]
    public async Task Arguments_never_run_on_the_manager()
    {
        using var install = new AgentlessInstall();
        using var scratch = new TempFolder("agentless-pwn-");
        var marker = scratch.Combine("pwned");
        (await install.RegisterAsync("add", "nobody@127.0.0.1:1", "NOPASS")).ExitCode.Should().Be(0);
        install.WriteAgentless(AgentlessInstall.Block("ssh_integrity_check_linux", "nobody@127.0.0.1:1", "periodic",
            $"/etc; touch {marker} $(touch {marker}) `touch {marker}`"));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(2);
        File.Exists(marker).Should().BeFalse("OSSEC pasted <arguments> into /bin/sh -c; we pass words, never a shell line");
        install.OssecLog.Should().Contain("is not an absolute path");
    }

    [Fact]
    public async Task Failed_test_disables_the_type_with_OSSECs_message_and_cron_exit_code()
    {
        using var install = new AgentlessInstall();
        WriteScript(install, "fake_fail", "exit 3");
        install.WriteAgentless(AgentlessInstall.Block("fake_fail", "root@10.0.0.5", "periodic", "/etc"));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(2);
        install.OssecLog.Should().Contain("ossec-agentlessd: ERROR: Test failed for 'fake_fail' (3). Ignoring.");
    }

    [Fact]
    public async Task A_host_locked_by_another_run_is_skipped_without_touching_its_state()
    {
        using var install = new AgentlessInstall();
        var ran = install.PathOf("ran.txt");
        WriteScript(install, "fake_slow", $$"""
            [ "$1" = test ] && exit 0
            echo ran > '{{ran}}'
            echo "FWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/x"
            """);
        install.WriteAgentless(AgentlessInstall.Block("fake_slow", "root@10.0.0.5", "periodic", "/etc"));
        var stateDir = install.PathOf("queue", "agentless", ".state");
        Directory.CreateDirectory(stateDir);
        using (new FileStream(Path.Combine(stateDir, "(fake_slow) root@10.0.0.5.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = await install.RunOnceAsync();
            busy.ExitCode.Should().Be(0, install.OssecLog);
            File.Exists(ran).Should().BeFalse();
            install.OssecLog.Should().Contain("fake_slow: root@10.0.0.5: Already running in another process; skipped.");
        }

        var free = await install.RunOnceAsync();
        free.ExitCode.Should().Be(0);
        File.Exists(ran).Should().BeTrue();
    }

    [Fact]
    public async Task Two_overlapping_cron_runs_run_a_host_once()
    {
        using var install = new AgentlessInstall();
        var runs = install.PathOf("runs.txt");
        WriteScript(install, "fake_slow", $$"""
            [ "$1" = test ] && exit 0
            echo run >> '{{runs}}'
            sleep 4
            echo "FWD: 1:644:0:0:{{Md5}}:{{Sha1}} /etc/x"
            """);
        install.WriteAgentless(AgentlessInstall.Block("fake_slow", "root@10.0.0.5", "periodic", "/etc"));

        var results = await Task.WhenAll(install.RunOnceAsync("fake_slow"), install.RunOnceAsync("fake_slow"));

        results.Select(r => r.ExitCode).Should().Equal(0, 0);
        File.ReadAllLines(runs).Should().ContainSingle();
        install.OssecLog.Should().Contain("Already running in another process; skipped.");
        install.Analysisd!.Take().Should().ContainSingle();
    }

    [Fact]
    public async Task A_passlist_readable_by_others_is_refused()
    {
        using var install = new AgentlessInstall();
        WriteScript(install, "fake_ok", "exit 0");
        install.WriteAgentless(AgentlessInstall.Block("fake_ok", "root@10.0.0.5", "periodic", "/etc"));
        File.WriteAllText(install.PathOf("agentless", ".passlist"), "root@10.0.0.5|secret|\n");
        File.SetUnixFileMode(install.PathOf("agentless", ".passlist"), (UnixFileMode)Convert.ToInt32("744", 8));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(1);
        install.OssecLog.Should().Contain("is readable by group or others (mode 0744); refusing to run")
            .And.Contain("chmod 600").And.NotContain("secret");
    }

    [Fact]
    public async Task No_agentless_block_exits_0_with_OSSECs_message()
    {
        using var install = new AgentlessInstall(analysisd: false);

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(0);
        install.OssecLog.Should().Contain("ossec-agentlessd: INFO: Not configured. Exiting.");
    }

    public static TheoryData<string> ConfigVectors()
    {
        using var doc = SharedReference.LoadVectors("agentless.json");
        var data = new TheoryData<string>();
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (v.GetProperty("kind").GetString() == "config_test")
            {
                data.Add(v.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConfigVectors))]
    public async Task Config_test_matches_OSSEC(string name)
    {
        using var doc = SharedReference.LoadVectors("agentless.json");
        var vector = doc.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        using var install = new AgentlessInstall(analysisd: false);
        var config = install.PathOf("etc", "test.conf");
        File.WriteAllText(config, "<ossec_config>\n  " + vector.GetProperty("config_agentless_block").GetString() + "\n</ossec_config>\n");

        var run = ProcessRunner.Start("ossec-agentlessd", ["-D", install.Home, "-t", "-c", config]);
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(vector.GetProperty("exit_code").GetInt32());
        var expected = vector.GetProperty("ossec_log_lines").ValueKind == JsonValueKind.Array
            ? vector.GetProperty("ossec_log_lines").EnumerateArray().Select(l => l.GetString()!.Replace("<timestamp> ", string.Empty, StringComparison.Ordinal)
                .Replace("<config-file>", config, StringComparison.Ordinal)).ToArray()
            : [];
        var lines = install.OssecLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[20..]).ToArray();
        lines.Should().Equal(expected);
    }

    [Fact]
    public async Task Events_that_cannot_be_written_fail_the_cron_run_and_leave_the_baseline_unstored()
    {
        using var install = new AgentlessInstall(analysisd: false);
        WriteScript(install, "fake_integrity", $$"""
            [ "$1" = test ] && exit 0
            echo "FWD: 1234:755:0:0:{{Md5}}:{{Sha1}} /bin/ls"
            """);
        install.WriteAgentless(AgentlessInstall.Block("fake_integrity", "root@10.0.0.5", "periodic", "/bin"));
        // Folders where archives.log and today's day file should be: every write fails (EISDIR), even for root.
        var archives = install.PathOf("logs", "archives", "archives.log");
        var family = OssecSharp.Core.Rotation.DailyLogFamily.ForArchive(archives);
        var today = DateOnly.FromDateTime(DateTime.Now);
        string[] blocked = [archives, family.DayPath(today), family.DayPath(today.AddDays(1))];
        foreach (var folder in blocked)
        {
            Directory.CreateDirectory(folder);
        }

        var snapshot = install.PathOf("queue", "agentless", ".state", "(fake_integrity) root@10.0.0.5.db");

        var failed = await install.RunOnceAsync();

        failed.ExitCode.Should().NotBe(0, install.OssecLog);
        install.OssecLog.Should().Contain("Unable to write 1 events to")
            .And.Contain("fake_integrity: root@10.0.0.5: Unable to write the events of this run")
            .And.Contain("the integrity baseline is not updated");
        File.Exists(snapshot).Should().BeFalse("a baseline stored after a lost event would hide that change for good");

        foreach (var folder in blocked)
        {
            Directory.Delete(folder);
        }

        var retried = await install.RunOnceAsync();

        retried.ExitCode.Should().Be(0, install.OssecLog);
        File.ReadAllText(install.PathOf("logs", "archives", "archives.log")).Should().Contain("/bin/ls");
        File.Exists(snapshot).Should().BeTrue();
    }

    [Fact]
    public async Task A_script_the_daemon_may_not_run_is_reported_as_permission_denied_not_as_a_missing_command()
    {
        using var install = new AgentlessInstall();
        WriteScript(install, "fake_locked", "exit 0");
        File.SetUnixFileMode(install.PathOf("agentless", "fake_locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        install.WriteAgentless(AgentlessInstall.Block("fake_locked", "root@10.0.0.5", "periodic", "/etc"));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(2);
        install.OssecLog.Should().Contain("Permission denied running '").And.Contain("fake_locked' as ")
            .And.Contain("Test failed for 'fake_locked' (126). Ignoring.")
            .And.NotContain("Expect command not found");
    }

    private static void WriteScript(AgentlessInstall install, string name, string body)
    {
        var path = install.PathOf("agentless", name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }
}
