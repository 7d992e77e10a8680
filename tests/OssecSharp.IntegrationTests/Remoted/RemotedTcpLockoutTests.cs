using System.Net;
using OssecSharp.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>
/// Issue #13 item 2: TCP connections that never send a byte must not lock agents out (first-frame deadline, a limit
/// per source address, eviction of idle unauthenticated connections when the table is full).
/// </summary>
public sealed class RemotedTcpLockoutTests
{
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    [Fact]
    public async Task A_full_table_of_idle_connections_makes_room_for_a_real_agent()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "tcp01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        var settings = new RemotedConfig { MaxTcpConnections = 50, TcpFirstFrameTimeout = TimeSpan.FromMinutes(5) };
        await using var remoted = RemotedHarness.Start(install, settings, tcp: true);
        using var crowd = new TcpCrowd();
        await crowd.OpenAsync(remoted.TcpEndPoint, IPAddress.Loopback, 50);
        await Task.Delay(300);

        using var agent = new TestAgent(line, remoted.TcpEndPoint, tcp: true);
        agent.Send("#!-agent startup ");

        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ", string.Join("\n", remoted.Log.Lines));
        for (var i = 0; i < 10; i++)
        {
            agent.Send($"1:tcp:event {i}");
        }

        (await remoted.WaitForEventsAsync(10)).Should().BeTrue();
        TcpCrowd.IsClosedByServer(crowd.Sockets[0]).Should().BeTrue("the oldest idle connection made room");
        crowd.Sockets.Skip(1).Should().OnlyContain(s => !TcpCrowd.IsClosedByServer(s));
        remoted.Daemon.Stats.TcpEvicted.Should().Be(1);
    }

    [Fact]
    public async Task A_connection_that_sends_no_first_frame_in_time_is_closed_and_an_agent_stays_connected()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "tcp01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        var settings = new RemotedConfig { TcpFirstFrameTimeout = TimeSpan.FromSeconds(1) };
        await using var remoted = RemotedHarness.Start(install, settings, tcp: true);
        using var crowd = new TcpCrowd();
        var idle = await crowd.OpenAsync(remoted.TcpEndPoint, IPAddress.Loopback, 3);
        using var agent = new TestAgent(line, remoted.TcpEndPoint, tcp: true);
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");

        (await TcpCrowd.WaitClosedAsync(idle, TimeSpan.FromSeconds(10))).Should().BeTrue();
        await Task.Delay(1500);
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ", "later frames get the idle timeout, not the first-frame deadline");
    }

    [Fact]
    public async Task Idle_crowds_from_several_sources_never_lock_out_a_real_agent_of_the_remoted_process()
    {
        using var install = new TestInstall();
        var port = FreePort.UdpAndTcp();
        install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <protocol>tcp</protocol>
              </remote>
            </ossec_config>
            """);
        File.WriteAllText(install.PathOf("etc", "local_internal_options.conf"),
            "remoted.tcp_max_connections=300\nremoted.tcp_max_per_source=100\nremoted.tcp_first_frame_timeout=300\n");
        var first = TestAgent.NewKeyLine("001", "near");
        var second = TestAgent.NewKeyLine("002", "far");
        File.WriteAllText(install.PathOf("etc", "client.keys"), first + "\n" + second + "\n");
        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        (await install.WaitForOssecLogAsync("Started (pid: ", TimeSpan.FromSeconds(20))).Should().Contain("Started", remoted.Stderr);
        var server = new IPEndPoint(IPAddress.Loopback, port);
        using var crowd = new TcpCrowd();

        // One source may hold at most 100: its oldest idle connections give way to its newest.
        var two = await crowd.OpenAsync(server, IPAddress.Parse("127.0.0.2"), 100);
        var three = await crowd.OpenAsync(server, IPAddress.Parse("127.0.0.3"), 150);
        (await TcpCrowd.WaitClosedAsync(three.Take(50), TimeSpan.FromSeconds(10))).Should().BeTrue(install.ReadOssecLog());
        three.Skip(50).Concat(two).Should().OnlyContain(s => !TcpCrowd.IsClosedByServer(s), "another source's crowd is not ours to evict");

        // The table is now full (300): agents from a crowded source and from a new one both get in.
        var one = await crowd.OpenAsync(server, IPAddress.Loopback, 100);
        await Task.Delay(500);
        using var near = new TestAgent(first, server, tcp: true, bind: new IPEndPoint(IPAddress.Loopback, 0));
        using var far = new TestAgent(second, server, tcp: true, bind: new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        near.Send("#!-agent startup ");
        far.Send("#!-agent startup ");
        (await near.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ", install.ReadOssecLog());
        (await far.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ", install.ReadOssecLog());
        for (var i = 0; i < 20; i++)
        {
            near.Send($"1:/var/log/near.log:event {i}");
            far.Send($"1:/var/log/far.log:event {i}");
        }

        var archives = install.PathOf("logs", "archives", "archives.log");
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(archives) && File.ReadAllLines(archives).Length == 40, TimeSpan.FromSeconds(15))).Should().BeTrue();
        TcpCrowd.IsClosedByServer(one[0]).Should().BeTrue("the crowded source's oldest idle connection made room");
        install.ReadOssecLog().Should().Contain("closing its oldest unauthenticated connection");
    }
}
