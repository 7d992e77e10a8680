using System.Collections.Concurrent;
using System.Threading.Channels;
using OssecSharp.Remoted.Transport;

namespace OssecSharp.Remoted.Pipeline;

/// <summary>
/// The input of one decrypt worker: a fixed set of bounded shards, one per group of sources, served round-robin
/// with a small batch per shard per round. A flooding source fills (and overflows) only its own shard, so the
/// other sources of the lane keep their turn. Many producers (socket loops), one consumer (the worker).
/// </summary>
internal sealed class FairLane
{
    private readonly ConcurrentQueue<Datagram>[] _shards;
    private readonly int[] _counts;
    private readonly int _capacity;
    private readonly int _batch;

    // A one-slot doorbell: the worker waits on it only when all shards are empty, and producers ring it only when the
    // worker said it is about to wait (a ring per datagram took the channel's lock per datagram).
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int _next;
    private int _waiting;

    public FairLane(int shards, int shardCapacity, int batchPerShard)
    {
        _shards = new ConcurrentQueue<Datagram>[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new ConcurrentQueue<Datagram>();
        }

        _counts = new int[shards];
        _capacity = shardCapacity;
        _batch = batchPerShard;
    }

    public int ShardCount => _shards.Length;

    /// <summary>Messages waiting in this lane.</summary>
    public int Pending
    {
        get
        {
            var total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Queues a datagram; false (and the caller keeps ownership) when the shard is full.</summary>
    public bool TryEnqueue(int shard, in Datagram datagram)
    {
        if (Interlocked.Increment(ref _counts[shard]) > _capacity)
        {
            Interlocked.Decrement(ref _counts[shard]);
            return false;
        }

        _shards[shard].Enqueue(datagram);

        // The fence orders the enqueue before the look at _waiting; WaitAsync orders its flag before its look at the
        // shards: either this producer sees the flag and rings, or the worker sees the datagram and does not wait.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiting) != 0 && Interlocked.Exchange(ref _waiting, 0) != 0)
        {
            _doorbell.Writer.TryWrite(true);
        }

        return true;
    }

    /// <summary>One fair round over all shards; returns how many datagrams were handed to <paramref name="handler"/>.</summary>
    public int DrainRound(Action<Datagram> handler)
    {
        var handled = 0;
        var start = _next;
        _next = (start + 1) % _shards.Length;
        for (var n = 0; n < _shards.Length; n++)
        {
            var i = (start + n) % _shards.Length;
            var queue = _shards[i];
            for (var taken = 0; taken < _batch && queue.TryDequeue(out var datagram); taken++)
            {
                Interlocked.Decrement(ref _counts[i]);
                handled++;
                handler(datagram);
            }
        }

        return handled;
    }

    /// <summary>Waits until a producer rings (returns at once when a datagram is queued or it rang since the last wait).</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _waiting, 1);
        foreach (var shard in _shards)
        {
            if (!shard.IsEmpty)
            {
                Volatile.Write(ref _waiting, 0);
                return ValueTask.FromResult(true);
            }
        }

        return _doorbell.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>Drops everything still queued (shutdown), returning the buffers.</summary>
    public int Clear()
    {
        var dropped = 0;
        for (var i = 0; i < _shards.Length; i++)
        {
            while (_shards[i].TryDequeue(out var datagram))
            {
                Interlocked.Decrement(ref _counts[i]);
                datagram.Release();
                dropped++;
            }
        }

        return dropped;
    }
}
