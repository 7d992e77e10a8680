using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Remoted;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Counters, keys reload, keepalives, shared files, active responses and disconnects.</summary>
public sealed class RemotedSessionTests
{
    private const string Uname = "Linux web01 6.1.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0";

    [Fact]
    public async Task Restart_mid_stream_keeps_counters_so_old_datagrams_stay_rejected()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        var sent = new List<byte[]>();
        await using (var first = RemotedHarness.Start(install))
        {
            using var agent = new TestAgent(line, first.UdpEndPoint);
            agent.SetCounter(5, 100);
            for (var i = 0; i < 10; i++)
            {
                sent.Add(agent.Send($"1:x:before {i}"));
            }

            (await first.WaitForEventsAsync(10)).Should().BeTrue();
            await first.StopAsync();
        }

        // Fewer than recv_counter_flush (128) messages: only the shutdown flush can have written this.
        File.ReadAllText(install.PathOf("queue", "rids", "001")).Should().Be("5:110:");

        await using var second = RemotedHarness.Start(install);
        using var again = new TestAgent(line, second.UdpEndPoint);
        foreach (var datagram in sent)
        {
            again.SendRaw(datagram);
        }

        again.SetCounter(5, 110);
        again.Send("1:x:after");
        (await second.WaitForEventsAsync(1)).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => second.Daemon.Stats.RejectedTotal == 10, TimeSpan.FromSeconds(5))).Should().BeTrue();
        second.Events.Events.Should().Equal("1:(web01) any->x:after");
    }

    [Fact]
    public async Task Client_keys_changes_apply_live_removed_agents_stop_and_new_ones_start()
    {
        using var install = new TestInstall();
        var keep = TestAgent.NewKeyLine("001", "keep");
        var gone = TestAgent.NewKeyLine("002", "gone");
        var keysPath = install.PathOf("etc", "client.keys");
        File.WriteAllText(keysPath, keep + "\n" + gone + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var keeper = new TestAgent(keep, remoted.UdpEndPoint);
        using var leaver = new TestAgent(gone, remoted.UdpEndPoint);
        keeper.Send("1:x:k1");
        leaver.Send("1:x:g1");
        (await remoted.WaitForEventsAsync(2)).Should().BeTrue();

        var added = TestAgent.NewKeyLine("003", "new");
        var temp = keysPath + ".tmp";
        File.WriteAllText(temp, keep + "\n002 #*#*#*#*#*#*#*#*#*#*#" + gone[24..] + "\n" + added + "\n");
        File.Move(temp, keysPath, overwrite: true);
        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Agents!.Table.FindById("003") is not null, TimeSpan.FromSeconds(5)))
            .Should().BeTrue();

        using var newcomer = new TestAgent(added, remoted.UdpEndPoint);
        keeper.Send("1:x:k2");
        leaver.Send("1:x:g2");
        newcomer.Send("1:x:n1");
        (await remoted.WaitForEventsAsync(4)).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.Rejected(RejectReason.InvalidId) == 1, TimeSpan.FromSeconds(5)))
            .Should().BeTrue();
        remoted.Events.Events.Should().BeEquivalentTo(
            "1:(keep) any->x:k1", "1:(gone) any->x:g1", "1:(keep) any->x:k2", "1:(new) any->x:n1");
        remoted.Log.Lines.Should().Contain("ossec-remoted(1409): INFO: Authentication file changed. Updating.");
    }

    [Fact]
    public async Task Keepalive_writes_agent_info_acks_and_pushes_merged_mg_in_small_chunks()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        File.WriteAllText(install.PathOf("etc", "shared", "agent.conf"), "<agent_config>\n</agent_config>\n");
        var big = RandomNumberGenerator.GetHexString(2500, lowercase: true);
        File.WriteAllText(install.PathOf("etc", "shared", "rootkit_files.txt"), big);
        await using var remoted = RemotedHarness.Start(install);
        var merged = File.ReadAllBytes(install.PathOf("etc", "shared", "merged.mg"));
        var md5 = Convert.ToHexStringLower(MD5.HashData(merged));
        Encoding.UTF8.GetString(merged).Should().Contain("!31 agent.conf\n<agent_config>\n</agent_config>\n");

        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        File.Exists(install.PathOf("queue", "agent-info", "web01-any")).Should().BeFalse("a start-up message writes no agent-info");

        agent.Send("#!-" + Uname + " / 0123\nx merged.mg\n\nrandomtail");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        (await agent.ReceiveAsync()).Should().Be($"#!-up file {md5} merged.mg\n");
        var received = new MemoryStream();
        string? message;
        while ((message = await agent.ReceiveAsync()) is not null && message != "#!-close file ")
        {
            agent.LastReceivedLength.Should().BeLessThanOrEqualTo(1024);
            received.Write(Encoding.UTF8.GetBytes(message));
        }

        message.Should().Be("#!-close file ");
        received.ToArray().Should().Equal(merged);
        File.ReadAllText(install.PathOf("queue", "agent-info", "web01-any")).Should().Be(Uname + " / 0123\ncrypto_method:aes\n");

        // Identical keepalive with the right sum: only the mtime moves, nothing is pushed.
        var infoPath = install.PathOf("queue", "agent-info", "web01-any");
        File.SetLastWriteTimeUtc(infoPath, DateTime.UtcNow.AddHours(-1));
        var upToDate = "#!-" + Uname + " / 0123\n" + md5 + " merged.mg\n\nrandomtail";
        agent.Send(upToDate);
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        agent.Send(upToDate);
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        (await agent.ReceiveAsync(TimeSpan.FromMilliseconds(500))).Should().BeNull();
        File.GetLastWriteTimeUtc(infoPath).Should().BeAfter(DateTime.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Empty_shared_folder_pushes_an_empty_merged_mg_to_an_agent_holding_another()
    {
        // manager.c c_files(): merged.mg is always created, empty when etc/shared holds nothing else; its md5 is
        // that of no bytes, and an agent reporting another sum gets the empty file (header and close, no chunk).
        const string emptyMd5 = "d41d8cd98f00b204e9800998ecf8427e";
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        File.ReadAllBytes(install.PathOf("etc", "shared", "merged.mg")).Should().BeEmpty();
        using var agent = new TestAgent(line, remoted.UdpEndPoint);

        agent.Send("#!-" + Uname + " / 0123\n0123456789abcdef0123456789abcdef merged.mg\n\nrandomtail");
        (await agent.ReceiveAsync()).Should().Be("#!-agent ack ");
        (await agent.ReceiveAsync()).Should().Be($"#!-up file {emptyMd5} merged.mg\n");
        (await agent.ReceiveAsync()).Should().Be("#!-close file ");

        // Up to date, or a new agent without merged.mg: nothing to send.
        agent.Send("#!-" + Uname + " / 0123\n" + emptyMd5 + " merged.mg\n\nrandomtail");
        (await agent.ReceiveAsync()).Should().Be("#!-agent ack ");
        agent.Send("#!-" + Uname + " / 0123\n\nrandomtail");
        (await agent.ReceiveAsync()).Should().Be("#!-agent ack ");
        (await agent.ReceiveAsync(TimeSpan.FromMilliseconds(500))).Should().BeNull();
    }

    [Fact]
    public async Task Active_response_requests_reach_the_agent_by_id_by_name_and_all()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");

        using var ar = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        ar.Connect(new UnixDomainSocketEndPoint(install.PathOf("queue", "alerts", "ar")));
        ar.Send(Encoding.UTF8.GetBytes("(msg_to_agent) [] NNS 001 restart-ossec0 - - (from_the_server) (no_rule_id)\0"));
        (await agent.ReceiveAsync()).Should().Be("#!-execd restart-ossec0 - - (from_the_server) (no_rule_id)");
        ar.Send(Encoding.UTF8.GetBytes("(msg_to_agent) [] N!S 001 syscheck restart\0"));
        (await agent.ReceiveAsync()).Should().Be("#!-syscheck restart");
        ar.Send(Encoding.UTF8.GetBytes("(web01) any->/var/log/auth.log NRN (null) firewall-drop - 1.2.3.4 1732233600.1 5712\0"));
        (await agent.ReceiveAsync()).Should().Be("#!-execd firewall-drop - 1.2.3.4 1732233600.1 5712");
        ar.Send(Encoding.UTF8.GetBytes("(x) y ANN (null) host-deny - 5.6.7.8 1.2 3\0"));
        (await agent.ReceiveAsync()).Should().Be("#!-execd host-deny - 5.6.7.8 1.2 3");
        ar.Send(Encoding.UTF8.GetBytes("(msg_to_agent) [] NNS 999 restart-ossec0 - -\0"));
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Log.Lines.Contains("ossec-remoted(1320): ERROR: Agent '999' not found."), TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [Fact]
    public async Task Silent_agent_is_reported_disconnected_once()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install, new RemotedConfig { DisconnectTimeout = TimeSpan.FromSeconds(1) });
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.Send("#!-" + Uname + "\nx merged.mg\n\nabc");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");

        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Events.Events.Contains("1:web01-any->ossec-monitord:ossec: Agent disconnected: 'web01-any'."), TimeSpan.FromSeconds(10)))
            .Should().BeTrue();
        remoted.Log.Lines.Should().Contain("ossec-remoted: INFO: Agent disconnected: 'web01-any'.");
        File.GetLastWriteTimeUtc(install.PathOf("queue", "agent-info", "web01-any")).Should().BeBefore(DateTime.UtcNow.AddSeconds(-1830));
        await Task.Delay(2500);
        remoted.Events.Events.Count(e => e.Contains("Agent disconnected", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task Reply_leaves_from_the_address_the_agent_sent_to()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        var port = FreePort.Udp();

        // Wildcard listener; the agent talks to 127.0.0.2 from 127.0.0.1 over a connected socket, which drops
        // anything that does not come from 127.0.0.2.
        await using var remoted = RemotedHarness.Start(install, wildcard: true, port: port);
        using var agent = new TestAgent(line, new IPEndPoint(IPAddress.Parse("127.0.0.2"), port), bind: new IPEndPoint(IPAddress.Loopback, 0));
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
    }

    [Fact]
    public async Task Startup_resync_is_off_by_default_and_lets_a_reinstalled_agent_back_in_when_enabled()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        File.WriteAllText(install.PathOf("queue", "rids", "001"), "7:500:");

        await using (var strict = RemotedHarness.Start(install))
        {
            using var reinstalled = new TestAgent(line, strict.UdpEndPoint);
            reinstalled.Send("#!-agent startup ");
            (await reinstalled.ReceiveAsync(TimeSpan.FromMilliseconds(700))).Should().BeNull();
            strict.Daemon.Stats.Rejected(RejectReason.OldCounter).Should().Be(1);
        }

        await using var lenient = RemotedHarness.Start(install, new RemotedConfig { StartupResync = true });
        using var agent = new TestAgent(line, lenient.UdpEndPoint);
        var oldEvent = agent.Encode("1:x:replayed event");
        agent.SetCounter(0, 0);
        agent.Send("1:x:not a startup");
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        agent.Send("1:x:fresh");
        (await lenient.WaitForEventsAsync(1)).Should().BeTrue();
        lenient.Events.Events.Should().Equal("1:(web01) any->x:fresh");
        lenient.Log.Lines.Should().Contain(l => l.Contains("resynchronised by its start-up message: 7:500: -> 0:2:", StringComparison.Ordinal));
        oldEvent.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Deleting_the_agents_rids_file_lets_a_reinstalled_agent_back_in_without_a_restart()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        var rids = install.PathOf("queue", "rids", "001");
        File.WriteAllText(rids, "7:500:");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        agent.Send("1:x:locked out");
        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.Rejected(RejectReason.OldCounter) == 1, TimeSpan.FromSeconds(5)))
            .Should().BeTrue();

        File.Delete(rids);                     // what agent_control's resync does
        await Task.Delay(1100);                // one look per agent per second
        agent.Send("1:x:back in");
        (await remoted.WaitForEventsAsync(1)).Should().BeTrue();
        remoted.Events.Events.Should().Equal("1:(web01) any->x:back in");
        agent.Send("1:x:and again");
        (await remoted.WaitForEventsAsync(2)).Should().BeTrue();
    }
}
