using OssecSharp.Core.Counters;

namespace OssecSharp.Remoted.Receipts;

/// <summary>
/// One agent's receipt state (docs/protocol-extensions.md). From the agent's sync on, every accepted message must
/// carry the next sender counter; the confirmed value is the highest counter C such that every message up to C
/// was handled and every event among them written by the sink. A missing counter (a datagram lost in the kernel,
/// discarded by a full queue, or an event the sink could not take) is a gap: confirmation stops before it, the
/// agent is asked to resend what follows, and until its next sync the events it still sends are dropped (counted)
/// because they will come again. Thread-safe: workers, the sink's writer and the confirmer call it.
/// </summary>
internal sealed class ReceiptTracker
{
    private static readonly long s_resendInterval = 500;

    private readonly Lock _gate = new();

    // Events handed to the sink and not yet written, in order, with the counter handled just before each.
    private readonly LinkedList<(MessageCounter Counter, MessageCounter Before)> _inFlight = new();
    private bool _synced;
    private bool _gap;
    private MessageCounter _sync;
    private MessageCounter _next;
    private MessageCounter _handled;
    private MessageCounter _ceiling;
    private MessageCounter _confirmed;
    private long _lastResendTicks = long.MinValue / 2;
    private int _due;

    /// <summary>The agent's sync message (counter <paramref name="counter"/>) starts a new run.</summary>
    public void Sync(MessageCounter counter)
    {
        lock (_gate)
        {
            _synced = true;
            _gap = false;
            _sync = counter;
            _handled = counter;
            _next = SenderCounter.Advance(counter);
            _lastResendTicks = long.MinValue / 2;
        }
    }

    /// <summary>Called for every accepted message of the agent, in order, before it is acted upon.</summary>
    public ReceiptAdmission Admit(MessageCounter counter, bool isEvent)
    {
        lock (_gate)
        {
            if (!_synced)
            {
                return ReceiptAdmission.Untracked;
            }

            if (!_gap && counter != _next)
            {
                OpenGap(_handled);
            }

            if (_gap)
            {
                return isEvent ? ReceiptAdmission.Drop : ReceiptAdmission.Untracked;
            }

            _next = SenderCounter.Advance(counter);
            if (isEvent)
            {
                _inFlight.AddLast((counter, _handled));
            }

            _handled = counter;
            return isEvent ? ReceiptAdmission.Track : ReceiptAdmission.Untracked;
        }
    }

    /// <summary>The sink wrote (or failed to write) the tracked event <paramref name="counter"/>; calls come in queue order.</summary>
    public void Completed(MessageCounter counter, bool written)
    {
        lock (_gate)
        {
            if (_inFlight.First is not { } head || head.Value.Counter != counter)
            {
                return;
            }

            _inFlight.RemoveFirst();
            if (!written)
            {
                OpenGap(head.Value.Before);
            }
        }
    }

    /// <summary>The sink refused the tracked event <paramref name="counter"/> (its queue was full): a gap.</summary>
    public void Refused(MessageCounter counter)
    {
        lock (_gate)
        {
            for (var node = _inFlight.Last; node is not null; node = node.Previous)
            {
                if (node.Value.Counter == counter)
                {
                    OpenGap(node.Value.Before);
                    _inFlight.Remove(node);
                    return;
                }
            }
        }
    }

    /// <summary>Marks the tracker as waiting for the confirmer; false when it already was.</summary>
    public bool MarkDue() => Interlocked.Exchange(ref _due, 1) == 0;

    /// <summary>What to tell the agent now, if anything (called by the confirmer, which then sends it).</summary>
    public ReceiptNotice? TakeNotice(long nowTicks, out bool stillDue)
    {
        Volatile.Write(ref _due, 0);
        lock (_gate)
        {
            stillDue = false;
            var value = _inFlight.First is { } head ? head.Value.Before : _handled;
            if (_gap)
            {
                value = Min(value, _ceiling);
                if (nowTicks - _lastResendTicks >= s_resendInterval)
                {
                    _lastResendTicks = nowTicks;
                    _confirmed = Max(_confirmed, value);
                    return new ReceiptNotice(true, value, _sync);
                }

                stillDue = true;
            }

            if (!_synced || !IsAfter(value, _confirmed))
            {
                return null;
            }

            _confirmed = value;
            return new ReceiptNotice(false, value, _sync);
        }
    }

    /// <summary>
    /// Confirmation may not pass <paramref name="ceiling"/> until the agent's next sync. A gap already open keeps the
    /// lower of the two: an event lost after the gap opened (a failed write, a refusal) was admitted before it and
    /// lies below its ceiling, and a resend request must not confirm it.
    /// </summary>
    private void OpenGap(MessageCounter ceiling)
    {
        _ceiling = _gap ? Min(_ceiling, ceiling) : ceiling;
        _gap = true;
    }

    private static bool IsAfter(MessageCounter a, MessageCounter b) => ReplayRule.Check(b, a) == ReplayVerdict.Accept;

    private static MessageCounter Min(MessageCounter a, MessageCounter b) => IsAfter(a, b) ? b : a;

    private static MessageCounter Max(MessageCounter a, MessageCounter b) => IsAfter(a, b) ? a : b;
}
