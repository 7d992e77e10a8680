namespace OssecSharp.Agentd.Buffer;

/// <summary>
/// Paces the sender to at most <c>events_per_second</c> (Wazuh's <c>client_buffer</c>): a token bucket refilled
/// continuously, holding at most one second of tokens so a backlog drains at the cap and never in a burst above it.
/// </summary>
internal sealed class EpsLimiter
{
    private readonly TimeProvider _time;
    private readonly double _ratePerTick;
    private readonly double _burst;
    private double _tokens;
    private long _lastTimestamp;

    /// <param name="eventsPerSecond">The cap; 0 means unlimited.</param>
    /// <param name="time">Clock (a fake one in tests).</param>
    public EpsLimiter(int eventsPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventsPerSecond);
        EventsPerSecond = eventsPerSecond;
        _time = time;
        _ratePerTick = (double)eventsPerSecond / time.TimestampFrequency;
        _burst = Math.Max(1, eventsPerSecond);
        _tokens = _burst;
        _lastTimestamp = time.GetTimestamp();
    }

    public int EventsPerSecond { get; }

    /// <summary>
    /// Takes one token, returning <see cref="TimeSpan.Zero"/>, or returns how long to wait before one is available.
    /// </summary>
    public TimeSpan TryAcquire()
    {
        if (EventsPerSecond == 0)
        {
            return TimeSpan.Zero;
        }

        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + ((now - _lastTimestamp) * _ratePerTick));
        _lastTimestamp = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }

        var missingSeconds = (1 - _tokens) / EventsPerSecond;
        return TimeSpan.FromSeconds(Math.Max(missingSeconds, 0.001));
    }

    /// <summary>Waits until a token is available, then takes it.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        for (var wait = TryAcquire(); wait > TimeSpan.Zero; wait = TryAcquire())
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
