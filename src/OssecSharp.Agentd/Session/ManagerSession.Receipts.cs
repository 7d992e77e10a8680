using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// Receipt confirmation with an OssecSharp manager (docs/protocol-extensions.md): used only when the manager offered
/// it in the ack of this session's start-up, so an OSSEC manager only ever sees OSSEC's messages.
/// </summary>
internal sealed partial class ManagerSession
{
    /// <summary>Shortest time between two resyncs asked for by the manager (a burst of requests makes one).</summary>
    private static readonly TimeSpan s_resyncSpacing = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// No confirmation for this long while events wait: send the sync and the events again (a lost sync or resend
    /// request, or a manager restarted too quickly for a refused datagram to show it). Well above the manager's
    /// confirmation interval (10 ms) plus one sink batch.
    /// </summary>
    private static readonly TimeSpan s_resyncAfterStall = TimeSpan.FromSeconds(2);

    private long _lastResync;

    /// <summary>After a send under the send lock: keep the event until confirmed, or (OSSEC manager) for the
    /// in-doubt window of <see cref="RetryQueue"/>.</summary>
    private void RecordSentLocked(PendingEvent pending)
    {
        if (ReceiptsOn)
        {
            _window.Add(pending, _codec.LastCounter);
        }
        else
        {
            _retry.RememberSent(pending, _time.GetTimestamp());
        }
    }

    /// <summary>An extension notice from the manager (in the trailer of an ack).</summary>
    private void OnNotice(in LinkNotice notice)
    {
        switch (notice.Kind)
        {
            case LinkNoticeKind.Offer:
                Volatile.Write(ref _features, (int)notice.Features);
                OnManagerAlive(isAck: true);
                return;
            case LinkNoticeKind.Confirm:
                _window.Confirm(notice.Through);
                break;
            case LinkNoticeKind.Resend:
                bool current;
                lock (_gate)
                {
                    current = notice.Sync == _lastSync;
                }

                // A request about an earlier run is stale: what it covers has been sent again already.
                if (current)
                {
                    _window.Confirm(notice.Through);
                    Interlocked.Exchange(ref _resyncRequested, 1);
                    _wake.Release();
                }

                break;
        }

        // Unsolicited: proves the manager is alive, but answers none of our control messages.
        OnManagerAlive(isAck: false);
    }

    /// <summary>
    /// Starts a new confirmation run: sends the sync (when the manager offered receipts) and puts every unconfirmed
    /// event back in front of the new ones. Under the send lock, so nothing is sent between the two.
    /// </summary>
    private async Task ResyncAsync(bool newSession, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Exchange(ref _lastResync, _time.GetTimestamp());
            if (ReceiptsOn)
            {
                var sentAt = _time.GetTimestamp();
                if (await SendLockedAsync(ControlMessage.LinkSync.ToArray(), cancellationToken).ConfigureAwait(false) == SendResult.Sent)
                {
                    _acks.ControlSent(sentAt);
                    lock (_gate)
                    {
                        _lastSync = _codec.LastCounter;
                    }
                }
            }

            var again = _window.TakeAll(restartClock: newSession);
            foreach (var pending in again)
            {
                _retry.Requeue(pending);
            }

            if (again.Count > 0)
            {
                Interlocked.Add(ref _resent, again.Count);
                _log.Debug("{Count} events not confirmed by the server will be sent again.", again.Count);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>In the steady loop: a resync the manager asked for, and the stall check. False: the manager is gone.</summary>
    private async Task<bool> CheckReceiptsAsync(CancellationToken cancellationToken)
    {
        if (!ReceiptsOn)
        {
            return true;
        }

        if (Volatile.Read(ref _resyncRequested) != 0
            && _time.GetElapsedTime(Interlocked.Read(ref _lastResync)) >= s_resyncSpacing)
        {
            Interlocked.Exchange(ref _resyncRequested, 0);
            await ResyncAsync(newSession: false, cancellationToken).ConfigureAwait(false);
        }

        var stalled = _window.Stalled();
        if (stalled > _options.ReceiptTimeout)
        {
            _log.Warning("No receipt from the server for {Seconds} s ({Count} events waiting): reconnecting.",
                (int)stalled.TotalSeconds, _window.Count);
            return false;
        }

        if (stalled > s_resyncAfterStall && _time.GetElapsedTime(Interlocked.Read(ref _lastResync)) > s_resyncAfterStall)
        {
            _log.Debug("No receipt from the server for {Seconds} s: sending the unconfirmed events again.", (int)stalled.TotalSeconds);
            await ResyncAsync(newSession: false, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for the manager to confirm what was sent; returns what is left.</summary>
    public async Task<int> WaitConfirmedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        while (ReceiptsOn && _window.Count > 0 && _time.GetElapsedTime(deadline) < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }

        return _window.Count;
    }
}
