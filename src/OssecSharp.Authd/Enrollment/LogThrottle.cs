namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Lets at most <c>perSecond</c> lines of one kind through each second, so a flood of broken TLS clients cannot flood
/// ossec.log; the number suppressed is reported with the next line let through.
/// </summary>
internal sealed class LogThrottle(int perSecond)
{
    private readonly object _gate = new();
    private long _windowStart;
    private int _inWindow;
    private long _suppressed;

    /// <summary>Whether to log now; <paramref name="suppressed"/> is how many were dropped since the last one logged.</summary>
    public bool TryAcquire(out long suppressed)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (now - _windowStart >= 1000)
            {
                _windowStart = now;
                _inWindow = 0;
            }

            if (_inWindow < perSecond)
            {
                _inWindow++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
