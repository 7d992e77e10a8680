namespace OssecSharp.Agentd.Local;

/// <summary>
/// How long the local queue's reader pauses between two non-blocking drains of the socket while a steady stream
/// lasts: at 1,000 events/s it takes them four at a time every 4 ms instead of waking for each. Each pause is
/// chosen from the last drain so that the socket's queue (10 datagrams by default) stays under half full: a drain
/// of 5 or more halves the pause (and at the shortest, the reader stops pausing: it is busy enough for datagrams
/// to wait for it on their own), a drain of 1 or 2 doubles it up to <see cref="MaxPauseMilliseconds"/>, an empty
/// one ends the stream (back to a blocking receive).
/// </summary>
internal sealed class QueueCoalescing
{
    public const int MaxPauseMilliseconds = 4;
    private const int HalfQueue = 5;
    private int _pause;

    /// <summary>After the blocking receive and the drain that followed it: the first pause (0: none, block again).</summary>
    public int Start(int drainedAtOnce)
    {
        // Datagrams already waiting: a busy stream, batched by the work itself. None: a paced stream (or a lone
        // event): pause briefly, and let the next drain tell which.
        _pause = drainedAtOnce > 0 ? 0 : 1;
        return _pause;
    }

    /// <summary>After a drain that followed a pause: the next pause in milliseconds (0: none, block again).</summary>
    public int Next(int drained)
    {
        if (drained == 0)
        {
            _pause = 0;
        }
        else if (drained >= HalfQueue)
        {
            _pause /= 2;
        }
        else if (drained <= 2)
        {
            _pause = Math.Min(MaxPauseMilliseconds, _pause * 2);
        }

        return _pause;
    }
}
