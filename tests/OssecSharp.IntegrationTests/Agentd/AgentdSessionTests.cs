using OssecSharp.Agentd;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

public sealed class AgentdSessionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Agent_handshakes_reports_start_and_forwards_local_queue_events()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(manager.Port) });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();

        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Any(c => c.Contains(" merged.mg\n", StringComparison.Ordinal)), s_wait))
            .Should().BeTrue("a keepalive follows the handshake");
        agent.SendLocal("1:/var/log/auth.log:Nov 22 00:00:00 web01 sshd[123]: Accepted password for root");

        (await ProcessRunner.WaitUntilAsync(() => manager.Events.Contains("1:/var/log/auth.log:Nov 22 00:00:00 web01 sshd[123]: Accepted password for root"), s_wait))
            .Should().BeTrue();
        var payloads = manager.Payloads.ToList();
        payloads[0].Should().Be("#!-agent startup ");
        payloads[1].Should().Be("1:ossec:ossec: Agent started: 'agent1->any'.");
        payloads[2].Should().StartWith("8:syscheck:").And.EndWith("/etc/ossec.conf");
        payloads[4].Should().StartWith("#!-Linux ").And.Contain(" - OSSEC HIDS v4.2.0\nx merged.mg\n\n");
        manager.LastMethod.Should().Be(OssecSharp.Core.Crypto.CryptoMethod.Aes);
        manager.Rejected.Should().Be(0);
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("status='connected'", StringComparison.Ordinal), s_wait)).Should().BeTrue();
        File.ReadAllText(Path.Combine(agent.Paths.OssecQueueDir, ".agent_info")).Should().Be("agent1\n-\n1024\n-\n");

        await agent.StopAsync();
        File.ReadAllText(agent.Paths.SenderCounter).Should().MatchRegex("^0:[0-9]+:$");
    }

    [Fact]
    public async Task Agent_sends_a_manager_that_offers_nothing_only_OSSEC_messages_and_no_shutdown_notice()
    {
        // FakeManager answers as OSSEC 4.2's remoted: a bare ack, no offer (issue #12: OSSEC logs
        // "Invalid message from agent" for "#!-agent shutdown ").
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(manager.Port) });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count() >= 3, s_wait)).Should().BeTrue("keepalives every second");
        agent.SendLocal("1:x:one event");
        (await ProcessRunner.WaitUntilAsync(() => manager.Events.Contains("1:x:one event"), s_wait)).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("receipts='no'", StringComparison.Ordinal), s_wait)).Should().BeTrue();

        var before = manager.Payloads.Count;
        await agent.StopAsync();
        await Task.Delay(1500);

        manager.Payloads.Count.Should().Be(before, "nothing is sent on stop");
        manager.Controls.Should().NotContain(c => c.Contains("shutdown", StringComparison.Ordinal));
        manager.Payloads.Should().NotContain(p => p.Contains('\0', StringComparison.Ordinal), "no extension message either");
        manager.Controls.Should().OnlyContain(c => c == "#!-agent startup " || c.Contains(" merged.mg\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_sends_the_shutdown_notice_to_a_manager_that_offered_it()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity) { Offer = "shutdown" };
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(manager.Port) });
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("status='connected'", StringComparison.Ordinal), s_wait)).Should().BeTrue();

        await agent.StopAsync();
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Contains("#!-agent shutdown "), s_wait)).Should().BeTrue();
        manager.Payloads.Should().NotContain(p => p.Contains("ossecsharp sync", StringComparison.Ordinal), "receipts were not offered");
    }

    [Fact]
    public async Task Blowfish_is_used_when_configured()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { StateInterval = TimeSpan.FromMilliseconds(300), Session = AgentdHarness.Session(manager.Port), Crypto = OssecSharp.Core.Crypto.CryptoMethod.Blowfish });

        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count() >= 2, s_wait)).Should().BeTrue();
        manager.LastMethod.Should().Be(OssecSharp.Core.Crypto.CryptoMethod.Blowfish);
    }

    [Fact]
    public async Task Events_a_receipt_manager_never_confirms_are_sent_again_and_then_the_agent_reconnects()
    {
        // Offers receipts but never confirms (as if its confirmations, or our sync, were lost).
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity) { Offer = "receipts" };
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig
        {
            StateInterval = TimeSpan.FromMilliseconds(200),
            Session = AgentdHarness.Session(manager.Port) with { ReceiptTimeout = TimeSpan.FromSeconds(5) },
        });
        (await agent.WaitLocalSocketAsync()).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("receipts='yes'", StringComparison.Ordinal), s_wait)).Should().BeTrue();
        agent.SendLocal("1:x:kept until confirmed");

        (await ProcessRunner.WaitUntilAsync(() => manager.Events.Count(e => e == "1:x:kept until confirmed") >= 2, s_wait))
            .Should().BeTrue("sent again after two seconds without a confirmation: " + string.Join("|", manager.Payloads.Select(p => p.Length > 40 ? p[..40] : p)) + agent.State() + string.Join("\n", agent.Log.Lines));
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count(c => c == "#!-agent startup ") >= 2, s_wait))
            .Should().BeTrue("no confirmation for the receipt timeout: the manager is taken as gone");
        var payloads = manager.Payloads.ToList();
        payloads.IndexOf("#!-agent startup \0ossecsharp sync").Should().Be(1, "the sync follows the start-up that was answered with the offer");
        payloads.IndexOf("1:x:kept until confirmed").Should().BeGreaterThan(1);
        (await ProcessRunner.WaitUntilAsync(() => agent.State().Contains("msg_resent='", StringComparison.Ordinal)
            && !agent.State().Contains("msg_resent='0'", StringComparison.Ordinal), s_wait)).Should().BeTrue(agent.State());
    }
}
