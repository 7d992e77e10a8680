using System.Net;
using System.Net.Sockets;
using OssecSharp.Agentd.Session;

namespace OssecSharp.Agentd.Tests;

/// <summary>The UDP connection is read by a blocking thread: it must still hear the manager and stop at once.</summary>
public sealed class ManagerConnectionTests
{
    [Fact]
    public async Task Udp_connection_sends_receives_and_a_blocked_receive_stops_at_once()
    {
        using var manager = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        manager.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)manager.LocalEndPoint!).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var connection = await ManagerConnection.ConnectAsync(new ServerAddress("127.0.0.1", false), port, null, tcp: false, timeout.Token);

        await connection.SendAsync(new byte[] { 1, 2, 3 }, timeout.Token);
        var inbox = new byte[64];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var got = manager.ReceiveFrom(inbox, ref from);
        got.Should().Be(3);
        manager.SendTo(new byte[] { 9, 8 }, from);
        var buffer = new byte[64];
        connection.Receive(buffer, TimeSpan.FromSeconds(5)).Should().Be(2);
        buffer[0].Should().Be(9);

        var length = -1;
        var reader = new Thread(() => length = connection.Receive(buffer, TimeSpan.FromSeconds(30)));
        reader.Start();
        await Task.Delay(100);
        connection.StopReceiving();
        reader.Join(TimeSpan.FromSeconds(5)).Should().BeTrue("a shutdown wakes the blocked receive");
        length.Should().Be(0);

        // Sending still works after the receive side is stopped (the agent's shutdown message).
        await connection.SendAsync(new byte[] { 4, 5 }, timeout.Token);
        manager.ReceiveFrom(inbox, ref from).Should().Be(2);
    }
}
