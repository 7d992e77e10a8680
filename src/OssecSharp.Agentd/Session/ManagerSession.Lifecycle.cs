using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Session;

internal sealed partial class ManagerSession
{
    /// <summary>
    /// OSSEC's <c>start_agent</c>: send <c>#!-agent startup </c>, wait 1…6 steps for the ack, sending the startup
    /// again after the 3rd, 4th and 5th wait.
    /// </summary>
    private async Task<bool> HandshakeAsync(HandshakeSchedule schedule, CancellationToken cancellationToken)
    {
        Task ack;
        lock (_gate)
        {
            if (_ack.Task.IsCompleted)
            {
                _ack = NewSignal();
            }

            ack = _ack.Task;
        }

        Interlocked.Exchange(ref _refused, 0);
        _acks.Reset();

        // Each handshake negotiates afresh: the manager behind the address may have been replaced by OSSEC's.
        Interlocked.Exchange(ref _features, 0);
        await SendControlAsync(ControlMessage.AgentStartup.ToArray(), cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= HandshakeSchedule.Attempts; attempt++)
        {
            try
            {
                await ack.WaitAsync(schedule.AckWait(attempt), _time, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                if (HandshakeSchedule.ResendAfter(attempt))
                {
                    await SendControlAsync(ControlMessage.AgentStartup.ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return false;
    }

    private async Task OnConnectedAsync(ServerAddress server, bool firstTime, bool afterLoss, CancellationToken cancellationToken)
    {
        _log.WithCode(4102).Information("Connected to server {Server}, port {Port}.", server.Host, _options.Port);
        if (afterLoss)
        {
            _log.Information("Server responded. Releasing lock.");
            DeleteWaitLock();
        }

        Interlocked.Exchange(ref _refused, 0);
        var now = _time.GetTimestamp();
        Interlocked.Exchange(ref _serverAlive, now);
        if (ReceiptsOn)
        {
            _log.Debug("The server confirms receipts.");
        }

        await ResyncAsync(newSession: true, cancellationToken).ConfigureAwait(false);
        if (firstTime)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Numbered before every event of the buffer, so that a resend keeps them first.
                var sequence = long.MinValue;
                foreach (var payload in _startupEvents())
                {
                    var pending = new PendingEvent(sequence++, payload);
                    if (await SendLockedAsync(payload, cancellationToken).ConfigureAwait(false) == SendResult.Sent)
                    {
                        Interlocked.Increment(ref _eventsSent);
                        RecordSentLocked(pending);
                    }
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }

        await SendKeepaliveAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _state = SessionState.Connected;
            _connected.TrySetResult();
        }
    }

    /// <summary>
    /// The main loop of OSSEC's agentd: wake every second (or when a datagram is refused), keepalive every
    /// <c>notify_time</c>, and return when the manager is gone.
    /// </summary>
    private async Task SteadyStateAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _wake.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _refused) != 0)
            {
                _log.WithCode(1218).Error("Unable to send message to '{Server}'.", "server");
                return;
            }

            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Interlocked.Read(ref _serverAlive), now) > _options.ReconnectTime)
            {
                return;
            }

            if (!await CheckReceiptsAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (_time.GetElapsedTime(Interlocked.Read(ref _lastNotify), now) >= _options.NotifyTime)
            {
                await SendKeepaliveAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnLost()
    {
        lock (_gate)
        {
            _state = SessionState.Disconnected;
            if (_connected.Task.IsCompleted)
            {
                _connected = NewSignal();
            }
        }

        _log.Warning("Server unavailable. Setting lock.");
        CreateWaitLock();
    }

    private async Task SendKeepaliveAsync(CancellationToken cancellationToken)
    {
        _log.Debug("Sending agent notification.");
        Interlocked.Exchange(ref _lastNotify, _time.GetTimestamp());
        await SendControlAsync(_keepalive(), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _lastKeepalive = _time.GetUtcNow();
        }
    }

    /// <summary>Any control message (or file data) from the manager proves it is alive.</summary>
    private void OnManagerAlive(bool isAck)
    {
        Interlocked.Exchange(ref _serverAlive, _time.GetTimestamp());
        lock (_gate)
        {
            if (isAck)
            {
                _acks.AckReceived();
                _lastAck = _time.GetUtcNow();
                _ack.TrySetResult();
            }
        }
    }

    private void CreateWaitLock()
    {
        if (_options.WaitLockPath is not { } path)
        {
            return;
        }

        try
        {
            File.WriteAllText(path, "l");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Unable to create the lock file {Path}: {Reason}", path, ex.Message);
        }
    }

    private void DeleteWaitLock()
    {
        if (_options.WaitLockPath is not { } path)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Unable to delete the lock file {Path}: {Reason}", path, ex.Message);
        }
    }

    /// <summary>
    /// Tells the manager the agent stops (<c>#!-agent shutdown </c>, as Wazuh's agents do), only when the manager
    /// offered it: OSSEC 4.2 logs <c>Invalid message from agent</c> for it (issue #12).
    /// </summary>
    public async Task SendShutdownAsync(CancellationToken cancellationToken)
    {
        if (!Features.HasFlag(LinkFeatures.Shutdown))
        {
            _log.Debug("The server did not offer a shutdown notice; none sent.");
            return;
        }

        await SendControlAsync(ControlMessage.AgentShutdown.ToArray(), cancellationToken).ConfigureAwait(false);
        _log.Information("Shutdown message sent to the server.");
    }
}
