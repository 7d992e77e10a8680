using OssecSharp.Agentd;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

public sealed class AgentdResilienceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Manager_down_at_start_buffers_events_and_delivers_them_once_it_answers()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        var port = FreePort.Udp();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(port) });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();
        for (var i = 0; i < 20; i++)
        {
            agent.SendLocal($"1:test:early event {i}");
        }

        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("status='pending'", StringComparison.Ordinal)
            && agent.State().Contains("msg_buffer='20'", StringComparison.Ordinal), s_wait)).Should().BeTrue(agent.State());
        await Task.Delay(2500); // longer than one handshake round (21 steps of 100 ms)
        manager.Start(port);

        (await ProcessRunner.WaitUntilAsync(() => manager.Events.Count(e => e.StartsWith("1:test:early event", StringComparison.Ordinal)) == 20, s_wait))
            .Should().BeTrue();
        manager.Events.Where(e => e.StartsWith("1:test:", StringComparison.Ordinal))
            .Should().Equal(Enumerable.Range(0, 20).Select(i => $"1:test:early event {i}"), "order is kept");
        agent.Log.Messages.Should().Contain(m => m.Contains("Waiting for server reply (not started)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Manager_restart_mid_stream_loses_nothing_and_no_counter_is_rejected()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(manager.Port) });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("status='connected'", StringComparison.Ordinal), s_wait)).Should().BeTrue();

        const int total = 300;
        var feeding = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                agent.SendLocal($"1:stream:event {i}");
                await Task.Delay(10);
            }
        });
        await Task.Delay(800);
        await manager.StopAsync();
        await Task.Delay(1200);
        manager.Start(manager.Port);
        await feeding.WaitAsync(s_wait);

        (await ProcessRunner.WaitUntilAsync(
            () => manager.Events.Where(e => e.StartsWith("1:stream:", StringComparison.Ordinal)).Distinct().Count() == total, s_wait))
            .Should().BeTrue($"all events arrive; got {manager.Events.Count(e => e.StartsWith("1:stream:", StringComparison.Ordinal))}");
        manager.Rejected.Should().Be(0);
        agent.Log.Messages.Should().Contain("Server unavailable. Setting lock.").And.Contain("Server responded. Releasing lock.");
    }

    [Fact]
    public async Task Silent_first_manager_makes_the_agent_fail_over_to_the_second()
    {
        // One <port> serves every server, as in OSSEC: two loopback addresses give two managers.
        await using var silent = new FakeManager(AgentdHarness.DefaultIdentity) { Answer = false };
        silent.Start();
        await using var second = new FakeManager(AgentdHarness.DefaultIdentity);
        second.Start(silent.Port, "127.0.0.2");
        var session = AgentdHarness.Session(silent.Port) with
        {
            Servers = [new("127.0.0.1", IsHostname: false), new("127.0.0.2", IsHostname: false)],
        };
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = session });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();
        agent.SendLocal("1:test:after failover");

        (await ProcessRunner.WaitUntilAsync(() => second.Events.Contains("1:test:after failover"), s_wait)).Should().BeTrue();
        silent.Controls.Count(c => c == "#!-agent startup ").Should().BeGreaterThanOrEqualTo(2, "the startup is sent again during the wait");
        silent.Events.Should().BeEmpty();
        agent.Log.Messages.Should().Contain("Waiting for server reply (not started). Tried: '127.0.0.1'.")
            .And.Contain("Trying next server in the line: '127.0.0.2'.");
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("manager='127.0.0.2'", StringComparison.Ordinal), s_wait))
            .Should().BeTrue(agent.State());
    }
}
