using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>Our ossec-agentd and our ossec-remoted as real processes on loopback, with agent_control on the manager.</summary>
public sealed class AgentdRemotedEndToEndTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(25);

    [Theory]
    [InlineData("udp", "aes")]
    [InlineData("udp", "blowfish")]
    [InlineData("tcp", "aes")]
    public async Task Followed_line_reaches_the_manager_archives_and_the_agent_is_active(string protocol, string crypto)
    {
        using var manager = NewManager(out var port, protocol);
        using var agentInstall = NewAgent(port, protocol, crypto, out var followed);
        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-u", "root", "-g", "root", "-D", manager.Home]);
        await using var agentd = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", agentInstall.Home]);

        var agentInfo = manager.PathOf("queue", "agent-info", "agent1-any");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(agentInfo), s_wait)).Should().BeTrue(agentd.Stderr + remoted.Stderr);
        File.ReadAllText(agentInfo).Should().Contain(" - OSSEC HIDS v4.2.0").And.EndWith($"crypto_method:{crypto}\n");
        await Task.Delay(1500); // the follower has opened the file
        await File.AppendAllTextAsync(followed, "Nov 22 00:00:00 web01 sshd[123]: Accepted password for root\n");

        var archives = manager.PathOf("logs", "archives", "archives.log");
        var expected = $" (agent1) any->{followed} Nov 22 00:00:00 web01 sshd[123]: Accepted password for root";
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(archives) && File.ReadAllLines(archives).Any(l => l.EndsWith(expected, StringComparison.Ordinal)), s_wait))
            .Should().BeTrue(manager.ReadOssecLog());
        File.ReadAllLines(archives).Should().Contain(l => l.EndsWith(" (agent1) any->ossec ossec: Agent started: 'agent1->any'.", StringComparison.Ordinal));

        var list = await ProcessRunner.RunAsync("agent_control", ["-l"], s_wait,
            new Dictionary<string, string?> { ["OSSEC_HOME"] = manager.Home });
        list.Stdout.Should().Contain("ID: 1024, Name: agent1, IP: any, Active");
    }

    [Fact]
    public async Task Remoted_restart_mid_stream_loses_no_event()
    {
        using var manager = NewManager(out var port);
        using var agentInstall = NewAgent(port, "udp", "aes", out var followed);
        var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-u", "root", "-g", "root", "-D", manager.Home]);
        await using var agentd = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", agentInstall.Home]);
        try
        {
            var agentInfo = manager.PathOf("queue", "agent-info", "agent1-any");
            (await ProcessRunner.WaitUntilAsync(() => File.Exists(agentInfo), s_wait)).Should().BeTrue(agentd.Stderr + remoted.Stderr);
            await Task.Delay(1500);

            const int total = 200;
            var writing = Task.Run(async () =>
            {
                for (var i = 0; i < total; i++)
                {
                    await File.AppendAllTextAsync(followed, $"stream line {i}\n");
                    await Task.Delay(15);
                }
            });
            await Task.Delay(1000);
            await remoted.StopAsync();
            await remoted.DisposeAsync();
            await Task.Delay(1000);
            remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-u", "root", "-g", "root", "-D", manager.Home]);
            await writing.WaitAsync(s_wait);

            var archives = manager.PathOf("logs", "archives", "archives.log");
            int Count() => File.ReadAllLines(archives).Where(l => l.Contains(" stream line ", StringComparison.Ordinal))
                .Select(l => l[l.IndexOf(" stream line ", StringComparison.Ordinal)..]).Distinct().Count();
            string Missing() => string.Join(",", Enumerable.Range(0, total).Where(i => !File.ReadAllText(archives).Contains($" stream line {i}\n", StringComparison.Ordinal)));
            (await ProcessRunner.WaitUntilAsync(() => Count() == total, TimeSpan.FromSeconds(40)))
                .Should().BeTrue($"got {Count()} of {total}; missing: {Missing()}; manager log: {manager.ReadOssecLog()}; agent log: {agentInstall.ReadOssecLog()}");
            manager.ReadOssecLog().Should().NotContain("Duplicated counter").And.NotContain("Wrong key");
        }
        finally
        {
            await remoted.DisposeAsync();
        }
    }

    private static TestInstall NewManager(out int port, string protocol = "udp,tcp")
    {
        var install = new TestInstall("server");
        port = FreePort.UdpAndTcp();
        install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <protocol>{protocol}</protocol>
                <local_ip>127.0.0.1</local_ip>
              </remote>
            </ossec_config>
            """);
        File.WriteAllText(install.PathOf("etc", "client.keys"), KeyLine() + "\n");
        return install;
    }

    private static TestInstall NewAgent(int port, string protocol, string crypto, out string followed) => FollowingAgentInstall.Create(
        $"<server-ip>127.0.0.1</server-ip><port>{port}</port><protocol>{protocol}</protocol><crypto_method>{crypto}</crypto_method>"
        + "<notify_time>2</notify_time><time-reconnect>10</time-reconnect>",
        out followed,
        keyLine: KeyLine());

    private static string KeyLine() => FollowingAgentInstall.DefaultKeyLine();
}
