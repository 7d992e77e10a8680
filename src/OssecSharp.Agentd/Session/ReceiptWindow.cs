using OssecSharp.Core.Counters;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// The events sent to a manager that confirms receipts and not yet confirmed (docs/protocol-extensions.md), in
/// send order with the sender counter each was last sent with. Bounded: when it holds <see cref="Capacity"/> events
/// the sender waits for confirmations before taking more from the client buffer (which then fills, and drops and
/// counts as usual when it is full), so a manager is never sent more unconfirmed events than its queue for one
/// agent holds. Memory only: what is unconfirmed when the process stops is lost with it (and logged). Thread-safe.
/// </summary>
internal sealed class ReceiptWindow
{
    private readonly Lock _gate = new();
    private readonly Queue<(PendingEvent Event, MessageCounter Counter)> _sent = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource _room = NewSignal();
    private long _progressAt;
    private bool _resending;
    private long _confirmed;

    public ReceiptWindow(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _time = time;
        _room.TrySetResult();
    }

    public int Capacity { get; }

    public int Count
    {
        get { lock (_gate) { return _sent.Count; } }
    }

    /// <summary>Events the manager confirmed, since start.</summary>
    public long Confirmed => Interlocked.Read(ref _confirmed);

    /// <summary>Records an event just sent with <paramref name="counter"/> (called in send order).</summary>
    public void Add(PendingEvent sent, MessageCounter counter)
    {
        lock (_gate)
        {
            // The clock of Stalled starts when unconfirmed events appear, not again when they are sent once more.
            if (_sent.Count == 0 && !_resending)
            {
                _progressAt = _time.GetTimestamp();
            }

            _sent.Enqueue((sent, counter));
            if (_sent.Count >= Capacity && _room.Task.IsCompleted)
            {
                _room = NewSignal();
            }
        }
    }

    /// <summary>The manager handled every message up to <paramref name="through"/>: forget those events.</summary>
    public int Confirm(MessageCounter through)
    {
        lock (_gate)
        {
            var removed = 0;
            while (_sent.TryPeek(out var head) && ReplayRule.Check(through, head.Counter) != ReplayVerdict.Accept)
            {
                _sent.Dequeue();
                removed++;
            }

            if (removed > 0)
            {
                _progressAt = _time.GetTimestamp();
                _resending = false;
                Interlocked.Add(ref _confirmed, removed);
                OpenIfRoom();
            }

            return removed;
        }
    }

    /// <summary>
    /// Empties the window (to send everything again), oldest first. <paramref name="restartClock"/>: a new manager
    /// (after a handshake) gets a fresh <see cref="Stalled"/> clock; a resend to the same one does not.
    /// </summary>
    public List<PendingEvent> TakeAll(bool restartClock)
    {
        lock (_gate)
        {
            _resending = !restartClock && (_resending || _sent.Count > 0);
            var all = new List<PendingEvent>(_sent.Count);
            while (_sent.TryDequeue(out var item))
            {
                all.Add(item.Event);
            }

            OpenIfRoom();
            return all;
        }
    }

    /// <summary>How long unconfirmed events have waited without any confirmation (zero when there are none).</summary>
    public TimeSpan Stalled()
    {
        lock (_gate)
        {
            return _sent.Count == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_progressAt);
        }
    }

    /// <summary>Completes when the window has room for one more event.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        Task room;
        lock (_gate)
        {
            room = _room.Task;
        }

        return room.IsCompleted ? Task.CompletedTask : room.WaitAsync(cancellationToken);
    }

    private void OpenIfRoom()
    {
        if (_sent.Count < Capacity)
        {
            _room.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
