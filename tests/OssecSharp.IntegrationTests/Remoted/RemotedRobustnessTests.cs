using System.Net.Sockets;
using OssecSharp.Core.Crypto;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Bad datagrams of every kind never stop remoted from serving good agents, with no loss.</summary>
public sealed class RemotedRobustnessTests
{
    [Fact]
    public async Task Garbage_replays_wrong_keys_and_mutations_are_rejected_while_a_good_agent_loses_nothing()
    {
        using var install = new TestInstall();
        var goodLine = TestAgent.NewKeyLine("001", "good");
        var badLine = TestAgent.NewKeyLine("002", "victim");
        File.WriteAllText(install.PathOf("etc", "client.keys"), goodLine + "\n" + badLine + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var good = new TestAgent(goodLine, remoted.UdpEndPoint);
        using var attacker = new TestAgent(badLine, remoted.UdpEndPoint, method: CryptoMethod.Blowfish);
        using var wrongKey = new TestAgent(TestAgent.NewKeyLine("002", "victim"), remoted.UdpEndPoint);

        var valid = attacker.Encode("1:attack:first");
        attacker.SendRaw(valid);
        var random = new Random(1234);
        var sentGood = 0;
        for (var round = 0; round < 300; round++)
        {
            good.Send($"1:test:good event {sentGood++}");
            var mutated = (byte[])valid.Clone();
            switch (round % 8)
            {
                case 0: attacker.SendRaw(valid); break;                                   // replay
                case 1: wrongKey.Send("1:x:wrong key"); break;                            // wrong key
                case 2: mutated[^3] ^= 0x40; attacker.SendRaw(mutated); break;           // corrupted (checksum/zlib/key)
                case 3: attacker.SendRaw(valid.AsSpan(0, valid.Length - 5)); break;      // truncated
                case 4: attacker.SendRaw(new byte[random.Next(1, 2000)]); break;         // zeros
                case 5:
                    var garbage = new byte[random.Next(1, 7000)];
                    random.NextBytes(garbage);
                    attacker.SendRaw(garbage);
                    break;
                case 6:
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                    attacker.SendRaw(mutated);
                    break;
                default: attacker.SendRaw("!002!:"u8); break;                             // empty body
            }
        }

        var oversized = new byte[60000];
        random.NextBytes(oversized);
        attacker.SendRaw(oversized);

        (await remoted.WaitForEventsAsync(sentGood + 1)).Should().BeTrue(string.Join("\n", remoted.Log.Lines.Take(50)));
        remoted.Events.Events.Where(e => e.Contains("(good) any->test:good event", StringComparison.Ordinal)).Should().HaveCount(sentGood);
        remoted.Events.Events.Should().ContainSingle(e => e.Contains("attack:first", StringComparison.Ordinal));
        var stats = remoted.Daemon.Stats;
        stats.Rejected(RejectReason.Duplicate).Should().BeGreaterThan(0);
        stats.Rejected(RejectReason.WrongKey).Should().BeGreaterThan(0);
        stats.RejectedTotal.Should().BeGreaterThan(250);
        stats.IngressDropped.Should().Be(0);

        // Log lines from bad input are rate-limited, not one per datagram.
        remoted.Log.Lines.Count.Should().BeLessThan(100);
    }

    [Fact]
    public async Task Unknown_sources_and_ids_are_rejected_with_ossec_messages()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01", "10.1.2.3");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var fromWrongIp = new TestAgent(line, remoted.UdpEndPoint);
        fromWrongIp.Send("1:x:not allowed");
        using var unknownId = new TestAgent(TestAgent.NewKeyLine("777", "ghost"), remoted.UdpEndPoint);
        unknownId.Send("1:x:ghost");

        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.RejectedTotal == 2, TimeSpan.FromSeconds(5))).Should().BeTrue();
        remoted.Log.Lines.Should().Contain("ossec-remoted(1213): WARN: Message from '127.0.0.1' not allowed.");
        remoted.Log.Lines.Should().Contain("ossec-remoted(1408): ERROR: Invalid ID 777 for the source ip: '127.0.0.1'.");
    }

    [Fact]
    public async Task Tcp_framing_errors_close_only_that_connection()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "tcp01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install, tcp: true);
        using var good = new TestAgent(line, remoted.TcpEndPoint, tcp: true);
        good.Send("#!-agent startup ");
        (await good.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");

        using var bad = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bad.ConnectAsync(remoted.TcpEndPoint);
        await bad.SendAsync(new byte[] { 0xff, 0xff, 0xff, 0x7f, 1, 2, 3 });
        var buffer = new byte[16];
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            // Closed by the server: an orderly end, or a reset because our extra bytes were left unread.
            var closed = false;
            try
            {
                closed = await bad.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                closed = true;
            }

            closed.Should().BeTrue();
        }

        using var zero = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await zero.ConnectAsync(remoted.TcpEndPoint);
        await zero.SendAsync(new byte[4]);

        for (var i = 0; i < 20; i++)
        {
            good.Send($"1:tcp:event {i}");
        }

        (await remoted.WaitForEventsAsync(20)).Should().BeTrue();
        remoted.Events.Events.Should().HaveCount(20).And.AllSatisfy(e => e.Should().StartWith("1:(tcp01) any->tcp:event "));
        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.TcpFramingErrors >= 2, TimeSpan.FromSeconds(5))).Should().BeTrue();
    }
}
