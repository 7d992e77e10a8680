namespace OssecSharp.Agentd.Session;

/// <summary>
/// Events to send again before new ones, in their original order: those whose send failed, and those sent just
/// before the manager's port was found closed (their datagrams met the closed port and are lost). Keeps the last
/// few sent events with their send time for that purpose. Thread-safe.
/// </summary>
internal sealed class RetryQueue
{
    private const int RecentCapacity = 2048;

    private readonly Lock _gate = new();
    private readonly PriorityQueue<PendingEvent, long> _pending = new();
    private readonly (PendingEvent Event, long Timestamp)[] _recent = new (PendingEvent, long)[RecentCapacity];
    private int _recentStart;
    private int _recentCount;
    private TaskCompletionSource _queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get { lock (_gate) { return _pending.Count; } }
    }

    public void RememberSent(PendingEvent sent, long timestamp)
    {
        lock (_gate)
        {
            var slot = (_recentStart + _recentCount) % RecentCapacity;
            _recent[slot] = (sent, timestamp);
            if (_recentCount < RecentCapacity)
            {
                _recentCount++;
            }
            else
            {
                _recentStart = (_recentStart + 1) % RecentCapacity;
            }
        }
    }

    /// <summary>
    /// Puts back the events sent within <paramref name="window"/> before <paramref name="now"/> and after
    /// <paramref name="watermark"/> (the send time of the last control message the manager acknowledged: it read
    /// everything sent before it), and at least the last one sent.
    /// </summary>
    public int RequeueRecent(long now, TimeSpan window, long watermark, TimeProvider time)
    {
        lock (_gate)
        {
            var requeued = 0;
            while (_recentCount > 0)
            {
                var (sent, timestamp) = _recent[(_recentStart + _recentCount - 1) % RecentCapacity];
                if (requeued > 0 && (time.GetElapsedTime(timestamp, now) > window || timestamp < watermark))
                {
                    break;
                }

                _pending.Enqueue(sent, sent.Sequence);
                _recentCount--;
                requeued++;
            }

            _queued.TrySetResult();
            return requeued;
        }
    }

    public void Requeue(PendingEvent pending)
    {
        lock (_gate)
        {
            _pending.Enqueue(pending, pending.Sequence);
            _queued.TrySetResult();
        }
    }

    /// <summary>
    /// Completes when an event is (or becomes) waiting here: wakes a sender idle on an empty buffer. The same task
    /// serves every wait until an event is queued (no token: an idle sender's wait is not cancelled per event).
    /// </summary>
    public Task WhenQueuedAsync()
    {
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_queued.Task.IsCompleted)
            {
                _queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

#pragma warning disable VSTHRD003 // A signal owned by this queue, completed by Requeue; no work runs behind it.
            return _queued.Task;
#pragma warning restore VSTHRD003
        }
    }

    public bool TryTake(out PendingEvent pending)
    {
        lock (_gate)
        {
            return _pending.TryDequeue(out pending!, out _);
        }
    }
}
