using OssecSharp.Core.Rotation;
using OssecSharp.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>monitord's disconnection alert and the reconnection line, from a real remoted on loopback.</summary>
public sealed class AgentPresenceTests
{
    private const string Uname = "Linux web01 6.1.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0";
    private const string Disconnected = "1:web01-any->ossec-monitord:ossec: Agent disconnected: 'web01-any'.";
    private const string Reconnected = "1:web01-any->ossec-monitord:ossec: Agent started: 'web01->any'.";

    [Fact]
    public async Task Agent_heard_again_after_its_disconnection_gives_one_reconnection_line()
    {
        using var install = new TestInstall();
        var line = WriteAgentKey(install);
        await using var remoted = RemotedHarness.Start(install, new RemotedConfig { DisconnectTimeout = TimeSpan.FromSeconds(1) });
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        await KeepaliveAsync(agent);
        (await ProcessRunner.WaitUntilAsync(() => remoted.Events.Events.Contains(Disconnected), TimeSpan.FromSeconds(10))).Should().BeTrue();

        for (var i = 0; i < 3; i++)
        {
            await KeepaliveAsync(agent);
        }

        (await ProcessRunner.WaitUntilAsync(() => remoted.Events.Events.Contains(Reconnected), TimeSpan.FromSeconds(5))).Should().BeTrue();
        remoted.Events.Events.Count(e => e == Reconnected).Should().Be(1);
        remoted.Events.Events.Count(e => e == Disconnected).Should().Be(1);

        // Silent again: a second pair, each once.
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Events.Events.Count(e => e == Disconnected) == 2, TimeSpan.FromSeconds(10))).Should().BeTrue();
        await KeepaliveAsync(agent);
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Events.Events.Count(e => e == Reconnected) == 2, TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [Fact]
    public async Task Restarted_agent_announces_itself_so_remoted_adds_no_reconnection_line()
    {
        using var install = new TestInstall();
        var line = WriteAgentKey(install);
        await using var remoted = RemotedHarness.Start(install, new RemotedConfig { DisconnectTimeout = TimeSpan.FromSeconds(1) });
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        await KeepaliveAsync(agent);
        (await ProcessRunner.WaitUntilAsync(() => remoted.Events.Events.Contains(Disconnected), TimeSpan.FromSeconds(10))).Should().BeTrue();

        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        agent.Send("1:ossec:ossec: Agent started: 'web01->any'.");
        await KeepaliveAsync(agent);
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Events.Events.Any(e => e.EndsWith("Agent started: 'web01->any'.", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)))
            .Should().BeTrue();
        await Task.Delay(300);
        remoted.Events.Events.Count(e => e.Contains("Agent started", StringComparison.Ordinal)).Should().Be(1);
        remoted.Events.Events.Should().NotContain(Reconnected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_disconnection_line_when_monitor_agents_is_off_or_ossec_monitord_does_it(bool ossecMonitord)
    {
        using var install = new TestInstall();
        var line = WriteAgentKey(install);
        var settings = ossecMonitord
            ? new RemotedConfig { DisconnectTimeout = TimeSpan.FromSeconds(1), Owners = new RotationOwners(true, true) }
            : new RemotedConfig { DisconnectTimeout = TimeSpan.FromSeconds(1), Rotation = new RotationSettings { MonitorAgents = false } };
        await using var remoted = RemotedHarness.Start(install, settings);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        await KeepaliveAsync(agent);
        await Task.Delay(2500);
        remoted.Events.Events.Should().NotContain(e => e.Contains("Agent disconnected", StringComparison.Ordinal));
    }

    private static string WriteAgentKey(TestInstall install)
    {
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        return line;
    }

    // A keepalive is what marks the agent as heard; each is acknowledged.
    private static async Task KeepaliveAsync(TestAgent agent)
    {
        agent.Send("#!-" + Uname + "\nd41d8cd98f00b204e9800998ecf8427e merged.mg\n\nabc");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
    }
}
