namespace OssecSharp.Tests.Common;

/// <summary>
/// A clock the test sets (thread-safe), in UTC as the local zone so days do not depend on the machine. Timers and
/// timestamps stay real: only "what time is it" moves, the way a test crosses midnight in a second.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private long _utcTicks;

    public ManualClock(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
