using OssecSharp.Remoted.Transport;

namespace OssecSharp.Remoted.Pipeline;

/// <summary>
/// Spreads received datagrams over the decrypt workers' lanes by <see cref="SourceKey"/>: one source always maps
/// to the same lane and shard (ordered processing), different sources share lanes fairly.
/// </summary>
internal sealed class FairQueue
{
    private readonly FairLane[] _lanes;

    public FairQueue(int lanes, int shardsPerLane, int shardCapacity, int batchPerShard = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _lanes = new FairLane[lanes];
        for (var i = 0; i < lanes; i++)
        {
            _lanes[i] = new FairLane(shardsPerLane, shardCapacity, batchPerShard);
        }
    }

    public int LaneCount => _lanes.Length;

    public FairLane Lane(int index) => _lanes[index];

    public int Pending
    {
        get
        {
            var total = 0;
            foreach (var lane in _lanes)
            {
                total += lane.Pending;
            }

            return total;
        }
    }

    /// <summary>Queues the datagram on its source's shard; false when that shard is full (caller drops it).</summary>
    public bool TryEnqueue(in Datagram datagram)
    {
        var key = SourceKey.Compute(datagram.Peer.AddressHash, datagram.Span);
        var lane = _lanes[key % _lanes.Length];
        return lane.TryEnqueue(key / _lanes.Length % lane.ShardCount, datagram);
    }
}
