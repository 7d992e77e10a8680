namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// When the journal is folded into client.keys. Idle, at once: a lone enrollment is in client.keys before its key is
/// sent, as with OSSEC. Under a storm, at most every <see cref="MinimumInterval"/> and never sooner than 25 times the
/// last rewrite took after it, so rewriting a file of 100,000 agents (about 15 ms) stays a 25th of the writer's time
/// (measured: 10 % fewer enrollments/s with 10 times) while a reader of the raw file lags by at most 20 ms on a small
/// install and about 400 ms at 100,000 agents. When nobody else is waiting for an answer (the end of a storm) the fold
/// comes before the reply, as long as that costs at most a tenth of the writer's time (<see cref="AllowsEarly"/>).
/// </summary>
internal sealed class CompactionSchedule
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(20);

    private const int CostFactor = 25;

    // An early fold (nobody else waiting for an answer) of a large file may take at most a tenth of the writer's
    // time: with 8 clients that moment comes many times a second mid-storm, and at 100,000 agents each fold costs
    // ~15 ms. Up to about 10,000 agents (1 MiB) a fold costs a few ms and is always allowed: the measured cost of
    // the very first fold includes the JIT and must not delay the second enrollment of a small install.
    private const int EarlyCostFactor = 10;
    private const long AlwaysEarlyBytes = 1 << 20;

    private readonly TimeProvider _time;
    private long _due;
    private long _lastEnd;
    private TimeSpan _lastCost;

    public CompactionSchedule(TimeProvider time)
    {
        _time = time;
        _due = time.GetTimestamp();
    }

    public bool IsDue => _time.GetTimestamp() >= _due;

    /// <summary>Whether a fold before the due time is cheap enough now (always, for a small file or an idle writer).</summary>
    public bool AllowsEarly(long fileBytes) =>
        fileBytes <= AlwaysEarlyBytes || _time.GetElapsedTime(_lastEnd) >= _lastCost * EarlyCostFactor;

    /// <summary>Time left until the next compaction may run (zero when due).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var now = _time.GetTimestamp();
            return now >= _due ? TimeSpan.Zero : _time.GetElapsedTime(now, _due);
        }
    }

    /// <summary>After a failed compaction: the next try waits this long, so a full disk is not logged ten times a second.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>Records a compaction that just ended after <paramref name="took"/>.</summary>
    public void Ran(TimeSpan took)
    {
        _lastEnd = _time.GetTimestamp();
        _lastCost = took;
        After(TimeSpan.FromTicks(Math.Max(MinimumInterval.Ticks, took.Ticks * CostFactor)));
    }

    /// <summary>Records a compaction that just failed.</summary>
    public void Failed() => After(RetryInterval);

    private void After(TimeSpan wait) => _due = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
}
