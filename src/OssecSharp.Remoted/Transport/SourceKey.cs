namespace OssecSharp.Remoted.Transport;

/// <summary>
/// The fairness key of a datagram: its source address combined with the <c>!id!</c> prefix when there is one,
/// so that agents registered as <c>any</c> behind one address (NAT, the load tool) are still separate sources,
/// while all datagrams of one agent always land in the same lane (the replay rule needs them in order).
/// </summary>
internal static class SourceKey
{
    public static int Compute(int addressHash, ReadOnlySpan<byte> datagram)
    {
        var hash = (uint)addressHash;
        if (datagram.Length > 2 && datagram[0] == (byte)'!')
        {
            // Only the digits up to the closing '!' (at most 16): cheap, and garbage simply hashes somewhere.
            var limit = Math.Min(datagram.Length, 18);
            for (var i = 1; i < limit && datagram[i] != (byte)'!'; i++)
            {
                hash = (hash ^ datagram[i]) * 16777619u;
            }
        }

        // Final avalanche so that consecutive ids spread over lanes and shards.
        hash ^= hash >> 16;
        hash *= 0x7feb352d;
        hash ^= hash >> 15;
        return (int)(hash & 0x7fffffff);
    }
}
