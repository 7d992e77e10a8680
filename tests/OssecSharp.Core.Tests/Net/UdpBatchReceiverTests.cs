using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Net;

namespace OssecSharp.Core.Tests.Net;

public sealed class UdpBatchReceiverTests
{
    [Fact]
    public void One_receive_returns_every_queued_datagram_with_its_bytes_and_source_and_times_out_empty()
    {
        if (!UdpBatchReceiver.IsSupported)
        {
            return; // Linux only: remoted keeps one receive per datagram elsewhere
        }

        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sent = new[] { new byte[] { 1 }, Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray(), new byte[] { 7, 7, 7 } };
        foreach (var datagram in sent)
        {
            client.SendTo(datagram, server.LocalEndPoint!);
        }

        using var receiver = new UdpBatchReceiver(server, capacity: 2, slotSize: 2048);
        var received = new List<byte[]>();
        var address = new SocketAddress(AddressFamily.InterNetwork);
        for (var attempt = 0; attempt < 20 && received.Count < sent.Length; attempt++)
        {
            var count = receiver.Receive(1000);
            count.Should().BeLessThanOrEqualTo(2, "no more than the capacity per call");
            for (var i = 0; i < count; i++)
            {
                receiver.Truncated(i).Should().BeFalse();
                receiver.CopySource(i, address);
                new IPEndPoint(IPAddress.Any, 0).Create(address).Should().Be(client.LocalEndPoint);
                received.Add(receiver.Datagram(i).ToArray());
            }
        }

        received.Should().HaveCount(3);
        for (var i = 0; i < sent.Length; i++)
        {
            received[i].Should().Equal(sent[i]);
        }

        receiver.Receive(50).Should().Be(0, "nothing queued: the wait ends at the timeout");
    }
}
