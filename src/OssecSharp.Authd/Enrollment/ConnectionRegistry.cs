namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Tracks live connections (so shutdown can drain them) and enforces the connection cap. At the cap, the oldest
/// connection that has not yet delivered its request is cancelled to make room: idle or slow clients can never lock
/// out an agent that completes its enrollment promptly.
/// </summary>
internal sealed class ConnectionRegistry
{
    private readonly object _gate = new();
    private readonly LinkedList<ConnectionSlot> _waiting = new();
    private readonly HashSet<ConnectionSlot> _all = new();
    private readonly int _capacity;
    private int _unanswered;

    public ConnectionRegistry(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    public int Count
    {
        get { lock (_gate) { return _all.Count; } }
    }

    /// <summary>
    /// Open connections whose request has not been answered yet: those that may still enroll. An answered connection
    /// that is still closing is not counted, so the last answer of a storm sees none left.
    /// </summary>
    public int Unanswered
    {
        get { lock (_gate) { return _unanswered; } }
    }

    /// <summary>Total connections dropped to make room.</summary>
    public long Evicted { get; private set; }

    /// <summary>Registers a new connection, evicting the oldest waiting one when full. Returns null when nothing can be evicted.</summary>
    public ConnectionSlot? TryAdd()
    {
        ConnectionSlot? victim = null;
        ConnectionSlot slot;
        lock (_gate)
        {
            if (_all.Count >= _capacity)
            {
                if (_waiting.First is not { } oldest)
                {
                    return null;
                }

                victim = oldest.Value;
                _waiting.RemoveFirst();
                victim.Node = null;
                Evicted++;
            }

            slot = new ConnectionSlot(this);
            slot.Node = _waiting.AddLast(slot);
            _all.Add(slot);
            _unanswered++;
        }

        victim?.Cancel();
        return slot;
    }

    /// <summary>Cancels every connection still waiting for its request (shutdown).</summary>
    public void CancelWaiting()
    {
        ConnectionSlot[] waiting;
        lock (_gate)
        {
            waiting = [.. _waiting];
        }

        foreach (var slot in waiting)
        {
            slot.Cancel();
        }
    }

    /// <summary>Tasks of every live connection (for shutdown).</summary>
    public Task[] Tasks()
    {
        lock (_gate)
        {
            // Our own connection tasks; no synchronization context exists in the daemon.
#pragma warning disable VSTHRD003
            return _all.Select(s => s.Task).Where(t => t is not null).Select(t => t!).ToArray();
#pragma warning restore VSTHRD003
        }
    }

    internal void MarkBusy(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (slot.Node is not null)
            {
                _waiting.Remove(slot.Node);
                slot.Node = null;
            }
        }
    }

    internal void MarkAnswered(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (!slot.Answered && _all.Contains(slot))
            {
                slot.Answered = true;
                _unanswered--;
            }
        }
    }

    internal void Remove(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (slot.Node is not null)
            {
                _waiting.Remove(slot.Node);
                slot.Node = null;
            }

            if (_all.Remove(slot) && !slot.Answered)
            {
                slot.Answered = true;
                _unanswered--;
            }
        }
    }
}
