using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>
/// Which of this run's events (marker <c>lt&lt;run&gt;#&lt;seq&gt;#</c>) have been seen where they are counted (an
/// archive line or an analysis-queue datagram), when, and how many twice.
/// </summary>
internal sealed class EventTally
{
    private readonly byte[] _marker;
    private readonly long[] _seenAt;
    private long _seen;
    private long _duplicates;
    private long _lastSeenTimestamp;

    public EventTally(string runId, int total)
    {
        _marker = Encoding.ASCII.GetBytes("lt" + runId + "#");
        _seenAt = new long[total];
    }

    public long Seen => Interlocked.Read(ref _seen);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long LastSeenTimestamp => Interlocked.Read(ref _lastSeenTimestamp);

    public long SeenAt(int seq) => _seenAt[seq];

    /// <summary>Counts the event named in <paramref name="record"/>, if it is one of this run's.</summary>
    public void Record(ReadOnlySpan<byte> record, long now)
    {
        var at = record.IndexOf(_marker);
        if (at < 0)
        {
            return;
        }

        var digits = record[(at + _marker.Length)..];
        if (!Utf8Parser.TryParse(digits, out int seq, out _) || seq < 0 || seq >= _seenAt.Length)
        {
            return;
        }

        if (_seenAt[seq] != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        _seenAt[seq] = now;
        Interlocked.Increment(ref _seen);
        Interlocked.Exchange(ref _lastSeenTimestamp, now);
    }

    public static long Now => Stopwatch.GetTimestamp();
}
