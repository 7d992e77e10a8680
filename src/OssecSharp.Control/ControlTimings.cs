namespace OssecSharp.Control;

/// <summary>How long ossec-control waits for each step; OSSEC's values by default, shorter in tests.</summary>
internal sealed record ControlTimings(TimeSpan DaemonStart, TimeSpan StopWait, TimeSpan QueueWait, TimeSpan Settle, TimeSpan LockRetry)
{
    /// <summary>OSSEC 4.x: 45 s for daemons to exit, 60 s for the queue socket, one lock try per second.</summary>
    public static ControlTimings Default { get; } = new(
        DaemonStart: TimeSpan.FromSeconds(30),
        StopWait: TimeSpan.FromSeconds(45),
        QueueWait: TimeSpan.FromSeconds(60),
        Settle: TimeSpan.FromMilliseconds(500),
        LockRetry: TimeSpan.FromSeconds(1));
}
