using System.Collections.Concurrent;

namespace OssecSharp.Core.Logging;

/// <summary>
/// Rate limit for log lines caused by untrusted input (one bad agent or client must not flood ossec.log):
/// at most one line per key and interval; the number of suppressed lines is reported with the next one.
/// The one throttle of every daemon (remoted's rejections, authd's refusals).
/// </summary>
public sealed class LogThrottle
{
    private const int MaxKeys = 4096;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;

    /// <summary>A throttle letting one line per key through every <paramref name="interval"/>, timed by <paramref name="time"/>.</summary>
    public LogThrottle(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = interval;
    }

    /// <summary>True when a line for <paramref name="key"/> may be written now; <paramref name="suppressed"/>
    /// tells how many were skipped since the previous one.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        if (_slots.Count > MaxKeys)
        {
            // Keys come from untrusted sources; never let the table grow without bound.
            _slots.Clear();
        }

        var now = _time.GetTimestamp();
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        lock (slot)
        {
            if (slot.LastLogged != 0 && _time.GetElapsedTime(slot.LastLogged, now) < _interval)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            slot.LastLogged = now;
            return true;
        }
    }

    private sealed class Slot
    {
        public long LastLogged;
        public long Suppressed;
    }
}
