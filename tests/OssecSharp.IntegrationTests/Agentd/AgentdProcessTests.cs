using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>The real ossec-agentd executable, against a fake manager.</summary>
public sealed class AgentdProcessTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Followed_file_lines_arrive_through_rotation_and_truncation()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        using var install = NewAgentInstall(manager.Port, out var log, extra: string.Empty);
        await using var agent = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", install.Home]);

        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Any(c => c.Contains("merged.mg", StringComparison.Ordinal)), s_wait))
            .Should().BeTrue(agent.Stderr);
        await Task.Delay(1200); // the follower has opened the file (at its end)
        await File.AppendAllTextAsync(log, "line one\n");
        (await WaitEventAsync(manager, $"1:{log}:line one")).Should().BeTrue(install.ReadOssecLog());

        File.Move(log, log + ".1");
        await File.AppendAllTextAsync(log + ".1", "late line in the old file\n");
        await File.WriteAllTextAsync(log, "first of the new file\n");
        (await WaitEventAsync(manager, $"1:{log}:first of the new file")).Should().BeTrue();
        manager.Events.Should().Contain($"1:{log}:late line in the old file");

        await File.WriteAllTextAsync(log, "after truncation\n");
        (await WaitEventAsync(manager, $"1:{log}:after truncation")).Should().BeTrue();
        manager.Events.Count(e => e.StartsWith($"1:{log}:", StringComparison.Ordinal)).Should().Be(4, "no line is lost or repeated");

        await agent.StopAsync();
        install.ReadOssecLog().Should().Contain("ossec-agentd: INFO: Started (pid: ")
            .And.Contain("ossec-agentd(4102): INFO: Connected to server 127.0.0.1, port " + manager.Port + ".");
        File.Exists(install.PathOf("var", "run", "ossec-agentd.state")).Should().BeTrue();
        var metrics = PromTextParser.Parse(File.ReadAllBytes(install.PathOf("var", "run", "ossec-agentd.prom")));
        metrics["ossec_agentd_messages_sent_total"].Should().BeGreaterThanOrEqualTo(4);
        metrics["ossec_agentd_dropped_total"].Should().Be(0);
        metrics.Should().ContainKey("ossec_agentd_connected");
    }

    [Fact]
    public async Task Config_test_rejects_a_bad_client_buffer_value()
    {
        using var install = NewAgentInstall(1514, out _, extra: "<client_buffer><queue_size>lots</queue_size></client_buffer>");

        var run = await ProcessRunner.RunAsync("ossec-agentd", ["-t", "-D", install.Home], TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().Contain("queue_size");
    }

    [Fact]
    public async Task Missing_client_block_is_a_configuration_error()
    {
        using var install = new TestInstall("agent", "<ossec_config>\n  <syscheck><frequency>100</frequency></syscheck>\n</ossec_config>\n");

        var run = await ProcessRunner.RunAsync("ossec-agentd", ["-t", "-D", install.Home], TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().Contain("No client configured");
    }

    private static async Task<bool> WaitEventAsync(FakeManager manager, string payload) =>
        await ProcessRunner.WaitUntilAsync(() => manager.Events.Contains(payload), s_wait);

    private static TestInstall NewAgentInstall(int port, out string followed, string extra) =>
        FollowingAgentInstall.Create(
            $"""
                <server-ip>127.0.0.1</server-ip>
                <port>{port}</port>
                <notify_time>2</notify_time>
                <time-reconnect>10</time-reconnect>
            """,
            out followed,
            extra,
            FollowingAgentInstall.DefaultKeyLine(),
            initialContent: "old content\n");
}
