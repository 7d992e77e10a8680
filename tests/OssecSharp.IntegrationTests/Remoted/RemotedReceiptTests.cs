using OssecSharp.Core.Protocol;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>remoted's side of the receipt extension (docs/protocol-extensions.md), with a simulated agent.</summary>
public sealed class RemotedReceiptTests
{
    private const string Offer = "#!-agent ack \0ossecsharp offer receipts shutdown";

    [Fact]
    public async Task Start_up_is_answered_with_the_offer_and_a_synced_run_is_confirmed_once_written()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.SetCounter(1, 0);

        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsync()).Should().Be(Offer);

        // Events before any sync are handled as OSSEC does and never confirmed.
        agent.Send("1:x:unsynced");
        agent.SendRaw(agent.Encode(ControlMessage.LinkSync.ToArray()));
        (await agent.ReceiveAsync()).Should().Be("#!-agent ack ");
        for (var i = 0; i < 5; i++)
        {
            agent.Send($"1:x:event {i}");
        }

        // sync = 1:3, events 1:4 … 1:8.
        (await ReceiveUntilAsync(agent, "#!-agent ack \0ossecsharp confirm 1:8")).Should().BeTrue();
        remoted.Events.Events.Should().HaveCount(6);
        remoted.Daemon.Stats.ReceiptConfirms.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_missing_counter_stops_confirmation_asks_for_a_resend_and_drops_what_follows_until_the_next_sync()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.SetCounter(1, 0);
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsync()).Should().Be(Offer);
        agent.SendRaw(agent.Encode(ControlMessage.LinkSync.ToArray())); // 1:2
        agent.Send("1:x:a"); // 1:3
        agent.Send("1:x:b"); // 1:4
        (await ReceiveUntilAsync(agent, "#!-agent ack \0ossecsharp confirm 1:4")).Should().BeTrue();

        agent.SetCounter(1, 5); // 1:5 is lost on the way
        agent.Send("1:x:c"); // 1:6
        agent.Send("1:x:d"); // 1:7
        (await ReceiveUntilAsync(agent, "#!-agent ack \0ossecsharp resend 1:4 1:2")).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.AwaitingResend == 2, TimeSpan.FromSeconds(5))).Should().BeTrue();
        remoted.Events.Events.Should().Equal("1:(web01) any->x:a", "1:(web01) any->x:b");

        agent.SendRaw(agent.Encode(ControlMessage.LinkSync.ToArray())); // 1:8
        agent.Send("1:x:c"); // 1:9
        agent.Send("1:x:d"); // 1:10
        (await ReceiveUntilAsync(agent, "#!-agent ack \0ossecsharp confirm 1:10")).Should().BeTrue();
        remoted.Events.Events.Should().Equal("1:(web01) any->x:a", "1:(web01) any->x:b", "1:(web01) any->x:c", "1:(web01) any->x:d");
        remoted.Log.Lines.Should().NotContain(m => m.Contains("Invalid message", StringComparison.Ordinal));
    }

    private static async Task<bool> ReceiveUntilAsync(TestAgent agent, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var payload = await agent.ReceiveAsync(TimeSpan.FromSeconds(2));
            if (payload == expected)
            {
                return true;
            }
        }

        return false;
    }
}
