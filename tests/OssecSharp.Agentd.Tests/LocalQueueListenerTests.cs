using System.Text;
using OssecSharp.Agentd.Buffer;
using OssecSharp.Agentd.Local;
using OssecSharp.Core.Net;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

/// <summary>The local queue is read by a blocking thread that takes bursts in one go: nothing lost or reordered.</summary>
public sealed class LocalQueueListenerTests
{
    [Fact]
    public async Task A_burst_arrives_whole_and_in_order_and_the_reader_stops_at_once()
    {
        using var folder = new TempFolder("agentd-queue");
        var path = folder.Combine("queue");
        using var buffer = new ClientBuffer(10_000, dropWhenFull: true, Logger.None, TimeProvider.System);
        using var listener = new LocalQueueListener(path, buffer, Logger.None, TimeProvider.System);
        listener.Bind();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = listener.RunAsync(stop.Token);

        using var client = new UnixDatagramClient(path, TimeSpan.FromSeconds(1));
        const int Count = 2000;
        for (var i = 0; i < Count; i++)
        {
            SendWaiting(client, Encoding.ASCII.GetBytes($"1:/var/log/x:event {i}\0"));
            if (i == 10)
            {
                SendWaiting(client, "not a queue message"u8.ToArray());
            }
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < Count; i++)
        {
            var payload = await buffer.TakeAsync(wait.Token);
            Encoding.ASCII.GetString(payload).Should().Be($"1:/var/log/x:event {i}");
        }

        listener.Received.Should().Be(Count);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a shutdown of the socket wakes the blocked reader");
    }

    /// <summary>As a producer that waits: the kernel queues only a few datagrams (net.unix.max_dgram_qlen).</summary>
    private static void SendWaiting(UnixDatagramClient client, byte[] datagram)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!client.TrySend(datagram))
        {
            client.LastError.Should().Be(System.Net.Sockets.SocketError.WouldBlock);
            DateTime.UtcNow.Should().BeBefore(deadline);
            Thread.Yield();
        }
    }
}
