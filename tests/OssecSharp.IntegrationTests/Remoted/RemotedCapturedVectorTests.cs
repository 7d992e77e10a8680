using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Datagrams recorded from a real OSSEC 4.2 agent, replayed to our remoted over UDP.</summary>
public sealed class RemotedCapturedVectorTests
{
    private static List<(string Name, byte[] Wire, string Plaintext, string KeyLine)> Captured()
    {
        using var doc = SharedReference.LoadVectors("messages.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Where(v => v.GetProperty("name").GetString()!.StartsWith("captured/agent->manager/", StringComparison.Ordinal))
            .Select(v => (
                v.GetProperty("name").GetString()!,
                Convert.FromHexString(v.GetProperty("wire_hex").GetString()!),
                v.GetProperty("plaintext_utf8").GetString()!,
                v.GetProperty("client_keys_line").GetString()!))
            .ToList();
    }

    [Fact]
    public async Task Captured_agent_datagrams_are_accepted_then_rejected_as_replays()
    {
        var captured = Captured();
        captured.Should().NotBeEmpty();
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), captured[0].KeyLine + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(captured[0].KeyLine, remoted.UdpEndPoint);

        foreach (var (_, wire, _, _) in captured)
        {
            agent.SendRaw(wire);
        }

        var expectedEvents = captured.Where(c => !c.Plaintext.StartsWith("#!-", StringComparison.Ordinal)).ToList();
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Daemon.Stats.Decrypted == captured.Count, TimeSpan.FromSeconds(10))).Should().BeTrue(
            string.Join("\n", remoted.Log.Lines));
        remoted.Events.Events.Should().Equal(expectedEvents.Select(c => "1:(agent1) any->" + c.Plaintext[2..]));

        // Every control message (startup, keepalives) got an ack.
        var controls = captured.Count(c => c.Plaintext.StartsWith("#!-", StringComparison.Ordinal));
        // The keepalives carry a merged.mg sum the manager does not have, so its (empty) merged.mg is pushed too.
        var replies = new List<string>();
        while (await agent.ReceiveAsOssecAsync(TimeSpan.FromSeconds(1)) is { } reply)
        {
            replies.Add(reply);
        }

        replies.Count(r => r == "#!-agent ack ").Should().Be(controls, string.Join("|", replies));
        replies.Where(r => r != "#!-agent ack ").Should().OnlyContain(
            r => r.StartsWith("#!-up file ", StringComparison.Ordinal) || r == "#!-close file ");

        File.ReadAllText(install.PathOf("queue", "agent-info", "agent1-any")).Should().Be(
            "Linux vm 6.18.44-fc-v657 #1 SMP PREEMPT_DYNAMIC @0 x86_64 - OSSEC HIDS v4.2.0\ncrypto_method:aes\n", "the agent switched to AES after its restart");

        foreach (var (_, wire, _, _) in captured)
        {
            agent.SendRaw(wire);
        }

        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Daemon.Stats.RejectedTotal == captured.Count, TimeSpan.FromSeconds(10))).Should().BeTrue();
        // All recorded counters have global 0, the stored one too: OSSEC's rule calls every one a duplicate (1407).
        remoted.Daemon.Stats.Rejected(RejectReason.Duplicate).Should().Be(captured.Count);
        remoted.Events.Events.Should().HaveCount(expectedEvents.Count);
        remoted.Log.Lines.Should().Contain(l => l.Contains("(1407): ERROR: Duplicated counter for 'agent1'.", StringComparison.Ordinal));
    }
}
