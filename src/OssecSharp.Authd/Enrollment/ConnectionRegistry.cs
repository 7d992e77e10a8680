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

    public ConnectionRegistry(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    public int Count
    {
        get { lock (_gate) { return _all.Count; } }
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

    internal void Remove(ConnectionSlot slot)
    {
        lock (_gate)
        {
            if (slot.Node is not null)
            {
                _waiting.Remove(slot.Node);
                slot.Node = null;
            }

            _all.Remove(slot);
        }
    }
}
