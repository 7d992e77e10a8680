using OssecSharp.Agentd.Buffer;
using OssecSharp.Agentd.Session;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// Moves events from the client buffer to the manager while the session is connected, at most
/// <c>events_per_second</c> (no cap when the buffer is disabled). An event whose send fails is kept for later.
/// </summary>
internal sealed class EventPump
{
    private readonly ClientBuffer _buffer;
    private readonly ManagerSession _session;
    private readonly EpsLimiter? _limiter;
    private readonly TimeProvider _time;
    private long _sequence;
    private Task<bool>? _bufferWait;

    public EventPump(ClientBuffer buffer, ManagerSession session, EpsLimiter? limiter, TimeProvider time)
    {
        _buffer = buffer;
        _session = session;
        _limiter = limiter;
        _time = time;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _session.WaitConnectedAsync(cancellationToken).ConfigureAwait(false);

                // A manager that confirms receipts is sent at most its window of unconfirmed events.
                await _session.WaitForWindowRoomAsync(cancellationToken).ConfigureAwait(false);
                var pending = await NextAsync(cancellationToken).ConfigureAwait(false);

                if (_limiter is not null)
                {
                    await _limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
                }

                var result = await _session.SendEventAsync(pending, cancellationToken).ConfigureAwait(false);
                if (result == SendResult.Failed)
                {
                    // OSSEC sleeps one second after a send error.
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop; what is left in the buffer is lost with the process, as in Wazuh.
        }
    }

    /// <summary>
    /// The next event: one to send again first, else the buffer's next. Waits for either, so events put back while
    /// the buffer is idle (a resend asked for by the manager) do not wait for the next new event.
    /// </summary>
    private async ValueTask<PendingEvent> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_session.TryTakeRetry(out var pending))
            {
                return pending;
            }

            if (_buffer.TryTake(out var payload))
            {
                return new PendingEvent(_sequence++, payload);
            }

            // One wait on the buffer is kept until it completes, across wake-ups by the retry queue: the idle wait is
            // never cancelled. Cancelling a linked token source per idle wait (CancelAsync) hopped to the thread pool
            // and back for every event at a steady rate.
            var buffered = _bufferWait ??= _buffer.WaitToTakeAsync(cancellationToken).AsTask();
            var retry = _session.WhenRetryQueuedAsync();
            if (!buffered.IsCompleted && !retry.IsCompleted)
            {
                await Task.WhenAny(buffered, retry).ConfigureAwait(false);
            }

            if (buffered.IsCompleted)
            {
                _bufferWait = null;
                await buffered.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
