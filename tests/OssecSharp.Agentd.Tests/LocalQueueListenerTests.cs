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
        using var queue = new RunningQueue();
        var (buffer, listener) = (queue.Buffer, queue.Listener);

        using var client = new UnixDatagramClient(queue.Path, TimeSpan.FromSeconds(1));
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
        await queue.StopAsync();
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a shutdown of the socket wakes the blocked reader");
    }

    [Fact]
    public async Task A_paced_stream_taken_a_few_at_a_time_arrives_whole_and_in_order()
    {
        using var queue = new RunningQueue();
        var (buffer, listener) = (queue.Buffer, queue.Listener);

        // About 1,000 events/s in small groups, the pattern the reader coalesces; then a pause and one more event,
        // which must not wait for another (the reader goes back to a blocking receive).
        using var client = new UnixDatagramClient(queue.Path, TimeSpan.FromSeconds(1));
        const int Count = 300;
        for (var i = 0; i < Count; i++)
        {
            SendWaiting(client, Encoding.ASCII.GetBytes($"1:/var/log/x:paced {i}\0"));
            if (i % 3 == 2)
            {
                Thread.Sleep(2);
            }
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < Count; i++)
        {
            Encoding.ASCII.GetString(await buffer.TakeAsync(wait.Token)).Should().Be($"1:/var/log/x:paced {i}");
        }

        await Task.Delay(50, wait.Token);
        SendWaiting(client, "1:/var/log/x:last\0"u8.ToArray());
        Encoding.ASCII.GetString(await buffer.TakeAsync(wait.Token)).Should().Be("1:/var/log/x:last");
        listener.Received.Should().Be(Count + 1);
        await queue.StopAsync();
    }

    [Fact]
    public void Pauses_grow_for_a_sparse_stream_shrink_as_the_queue_fills_and_end_with_it()
    {
        var coalescing = new QueueCoalescing();

        coalescing.Start(drainedAtOnce: 2).Should().Be(0, "datagrams were already waiting: no pause");
        coalescing.Start(drainedAtOnce: 0).Should().Be(1);
        coalescing.Next(drained: 1).Should().Be(2);
        coalescing.Next(drained: 2).Should().Be(4);
        coalescing.Next(drained: 1).Should().Be(QueueCoalescing.MaxPauseMilliseconds);
        coalescing.Next(drained: 4).Should().Be(4, "four per drain is the steady state at 1,000 events/s");
        coalescing.Next(drained: 5).Should().Be(2, "half the kernel's queue filled during the pause");
        coalescing.Next(drained: 7).Should().Be(1);
        coalescing.Next(drained: 6).Should().Be(0, "busy enough to batch without pausing");
        coalescing.Start(drainedAtOnce: 0).Should().Be(1);
        coalescing.Next(drained: 0).Should().Be(0, "the stream ended: block again");
    }

    /// <summary>A bound local queue whose reader runs until <see cref="StopAsync"/> (or 30 s), with its buffer.</summary>
    private sealed class RunningQueue : IDisposable
    {
        private readonly TempFolder _folder = new("agentd-queue");
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private readonly Task _running;

        public RunningQueue()
        {
            Path = _folder.Combine("queue");
            Buffer = new ClientBuffer(10_000, dropWhenFull: true, Logger.None, TimeProvider.System);
            Listener = new LocalQueueListener(Path, Buffer, Logger.None, TimeProvider.System);
            Listener.Bind();
            _running = Listener.RunAsync(_stop.Token);
        }

        public string Path { get; }

        public ClientBuffer Buffer { get; }

        public LocalQueueListener Listener { get; }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }

        public void Dispose()
        {
            _stop.Cancel();
            Listener.Dispose();
            Buffer.Dispose();
            _stop.Dispose();
            _folder.Dispose();
        }
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
