using System.Net.Sockets;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Session;

internal sealed partial class ManagerSession
{
    /// <summary>
    /// Events sent this recently before a refusal may have died with the manager (in its socket buffer, or at the
    /// closed port): they are sent again unless an acknowledged control message went out after them. A restart may
    /// so duplicate a few events; it never loses one.
    /// </summary>
    private static readonly TimeSpan s_inDoubtWindow = TimeSpan.FromSeconds(3);

    private const int MaxBusyRetries = 5;

    private async Task SendControlAsync(byte[] payload, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sentAt = _time.GetTimestamp();
            if (await SendLockedAsync(payload, cancellationToken).ConfigureAwait(false) == SendResult.Sent)
            {
                _acks.ControlSent(sentAt);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Encodes (next sender counter) and sends; the caller holds the send lock so counters leave in order.</summary>
    private async ValueTask<SendResult> SendLockedAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection);
        if (connection is null)
        {
            return SendResult.NotConnected;
        }

        var datagram = _codec.Encode(payload);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
                return SendResult.Sent;
            }
            catch (SocketException ex) when (IsPeerGone(ex.SocketErrorCode))
            {
                MarkRefused();
                return SendResult.Refused;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NoBufferSpaceAvailable && attempt <= MaxBusyRetries)
            {
                _log.Information("Remote socket busy, waiting {Seconds} s.", attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                _log.WithCode(1218).Error("Unable to send message to '{Server}'. ({Reason})", "server", ex.SocketErrorCode);
                return SendResult.Failed;
            }
            catch (ObjectDisposedException)
            {
                return SendResult.NotConnected;
            }
        }
    }

    /// <summary>Reads the manager's messages on one connection until it is closed.</summary>
    private Task ReceiveLoopAsync(ManagerConnection connection, CancellationToken cancellationToken) =>
        connection.IsStream
            ? StreamReceiveLoopAsync(connection, cancellationToken)
            : DatagramReceiveLoopAsync(connection, cancellationToken);

    /// <summary>TCP: frames read asynchronously.</summary>
    private async Task StreamReceiveLoopAsync(ManagerConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (IsPeerGone(ex.SocketErrorCode))
            {
                // UDP: the receive consumed the ICMP error that a send would otherwise have reported.
                MarkRefused();
                if (connection.IsStream)
                {
                    return;
                }

                continue;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException ex)
            {
                _log.Debug("Receive error from the server: {Reason}", ex.SocketErrorCode);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                Dispatch(connection, buffer.AsSpan(0, length), work);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.Error("Error handling a message from the server: {Reason}", ex.Message);
            }
        }
    }

    private static bool IsPeerGone(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted
            or SocketError.Shutdown or SocketError.NotConnected or SocketError.ProtocolNotSupported;

    private void Dispatch(ManagerConnection connection, ReadOnlySpan<byte> datagram, byte[] work)
    {
        if (!_codec.TryDecode(datagram, work, out var offset, out var length, out var reason))
        {
            _log.WithCode(1214).Warning("Problem receiving message from '{Server}'.", connection.Server.Host);
            _log.Debug("Message from the server refused: {Reason}.", reason);
            return;
        }

        var payload = work.AsSpan(offset, length);
        var message = ControlMessage.FromManager(payload);
        if (message.TryGetNotice(out var notice))
        {
            OnNotice(notice);
            return;
        }

        var outcome = _handler.Handle(message);
        if (outcome != ManagerMessageKind.Unknown)
        {
            OnManagerAlive(outcome == ManagerMessageKind.Ack);
        }
    }

    private void MarkRefused()
    {
        if (Interlocked.Exchange(ref _refused, 1) != 0)
        {
            return;
        }

        bool wasConnected;
        lock (_gate)
        {
            wasConnected = _state == SessionState.Connected;
            if (wasConnected)
            {
                // Stop the event pump at once; the steady loop logs and re-handshakes.
                _state = SessionState.Disconnected;
                if (_connected.Task.IsCompleted)
                {
                    _connected = NewSignal();
                }
            }
        }

        if (wasConnected)
        {
            // The events in doubt are put back later, under the send lock (RequeueInDoubtAsync): a refusal seen by the
            // receive loop can race with an event send in flight, and that event must be remembered before the requeue.
            Interlocked.Exchange(ref _inDoubt, 1);
            _wake.Release();
        }
    }

    /// <summary>
    /// After a refusal while connected: sends again the events that may have died with the manager. Runs under the
    /// send lock, so every send that started before the refusal has been remembered and no event send follows.
    /// </summary>
    private async Task RequeueInDoubtAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // With receipts every unconfirmed event is sent again after the handshake (ResyncAsync).
            if (Interlocked.Exchange(ref _inDoubt, 0) != 0 && !ReceiptsOn)
            {
                var requeued = _retry.RequeueRecent(_time.GetTimestamp(), s_inDoubtWindow, _acks.Watermark, _time);
                _log.Debug("Server port closed; {Count} recent events will be sent again.", requeued);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
