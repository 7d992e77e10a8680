namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// When the journal is folded into client.keys. Idle, at once: a lone enrollment is in client.keys before its key is
/// sent, as with OSSEC. Under a storm, at most every <see cref="MinimumInterval"/> and never sooner than 25 times the
/// last rewrite took after it, so rewriting a file of 100,000 agents (about 15 ms) stays a 25th of the writer's time
/// (measured: 10 % fewer enrollments/s with 10 times) while a reader of the raw file lags by at most 20 ms on a small
/// install and about 400 ms at 100,000 agents. When the storm ends, the last key is sent after the fold.
/// </summary>
internal sealed class CompactionSchedule
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(20);

    private const int CostFactor = 25;

    private readonly TimeProvider _time;
    private long _due;

    public CompactionSchedule(TimeProvider time)
    {
        _time = time;
        _due = time.GetTimestamp();
    }

    public bool IsDue => _time.GetTimestamp() >= _due;

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
    public void Ran(TimeSpan took) => After(TimeSpan.FromTicks(Math.Max(MinimumInterval.Ticks, took.Ticks * CostFactor)));

    /// <summary>Records a compaction that just failed.</summary>
    public void Failed() => After(RetryInterval);

    private void After(TimeSpan wait) => _due = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
}
