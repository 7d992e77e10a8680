using OssecSharp.Core.Counters;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// The agent's session with its manager(s), as OSSEC's agentd (channel-control §5): connect, handshake
/// (<c>start_agent</c>), keepalives every <c>notify_time</c>, "server unavailable" after <c>time-reconnect</c>
/// without a control message, failover along the server list. Beyond OSSEC, a refused datagram (the manager's
/// port closed: it is restarting) ends the session at once instead of after <c>time-reconnect</c>, and the events
/// that may have been lost with it are sent again.
/// </summary>
internal sealed partial class ManagerSession : IDisposable
{
    private readonly SessionOptions _options;
    private readonly AgentChannelCodec _codec;
    private readonly ManagerMessageHandler _handler;
    private readonly Func<byte[]> _keepalive;
    private readonly Func<IEnumerable<byte[]>> _startupEvents;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly RetryQueue _retry = new();
    private readonly AckWatermark _acks = new();
    private readonly ReceiptWindow _window;
    private readonly Lock _gate = new();
    private ManagerConnection? _connection;
    private TaskCompletionSource _connected = NewSignal();
    private TaskCompletionSource _ack = NewSignal();
    private SessionState _state = SessionState.Pending;
    private long _serverAlive;
    private long _lastNotify;
    private DateTimeOffset? _lastAck;
    private DateTimeOffset? _lastKeepalive;
    private long _eventsSent;
    private int _refused;
    private int _inDoubt;
    private int _features;
    private int _resyncRequested;
    private long _resent;
    private MessageCounter _lastSync;

    public ManagerSession(
        SessionOptions options,
        AgentChannelCodec codec,
        ManagerMessageHandler handler,
        Func<byte[]> keepalive,
        Func<IEnumerable<byte[]>> startupEvents,
        ILogger log,
        TimeProvider time)
    {
        _options = options;
        _codec = codec;
        _handler = handler;
        _keepalive = keepalive;
        _startupEvents = startupEvents;
        _log = log;
        _time = time;
        _window = new ReceiptWindow(options.ReceiptWindow, time);
    }

    public SessionState State
    {
        get { lock (_gate) { return _state; } }
    }

    /// <summary>The manager in use (or being tried).</summary>
    public ServerAddress? CurrentServer => Volatile.Read(ref _connection)?.Server;

    public DateTimeOffset? LastAck
    {
        get { lock (_gate) { return _lastAck; } }
    }

    public DateTimeOffset? LastKeepalive
    {
        get { lock (_gate) { return _lastKeepalive; } }
    }

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    /// <summary>What the manager of the current session offered in the ack of its start-up (none for OSSEC's).</summary>
    public LinkFeatures Features => (LinkFeatures)Volatile.Read(ref _features);

    /// <summary>Whether the current session uses receipt confirmation.</summary>
    public bool ReceiptsOn => Features.HasFlag(LinkFeatures.Receipts);

    /// <summary>Events sent and not yet confirmed by a manager that confirms receipts.</summary>
    public int Unconfirmed => _window.Count;

    /// <summary>Events the manager confirmed (receipts), since start.</summary>
    public long Confirmed => _window.Confirmed;

    /// <summary>Events sent again (after a reconnect or a manager's resend request), since start.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>Events taken from the buffer and waiting to be sent again (after a refused send).</summary>
    public int RetryCount => _retry.Count;

    /// <summary>Completes when the session is (or becomes) connected.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            signal = _connected.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Runs until cancelled: connects, handshakes, keeps alive, fails over.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var servers = _options.Servers;
        var schedule = new HandshakeSchedule(_options.HandshakeStep);
        var index = 0;
        var failedPasses = 0;
        var everConnected = false;
        var lost = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var server = servers[index];
            _log.Information("Trying to connect to server {Server}, port {Port}.", server.Host, _options.Port);
            ManagerConnection connection;
            try
            {
                connection = await ManagerConnection.ConnectAsync(server, _options.Port, _options.LocalIp, _options.Tcp, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException)
            {
                _log.WithCode(1216).Error("Unable to connect to '{Server}'.", server.Host);
                index = (index + 1) % servers.Count;
                TimeSpan pause;
                if (servers.Count > 1 && index != 0)
                {
                    continue;
                }

                if (servers.Count > 1)
                {
                    _log.Error("Unable to connect to any server.");
                    pause = _options.HandshakeStep * (12 + (10 * failedPasses++));
                }
                else
                {
                    pause = schedule.NextPause(serverChanged: false);
                }

                await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            _log.Information("Connected to {Server} at address {Address}, port {Port}",
                server.Host, connection.Remote.Address.ToString(), _options.Port);
            using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Volatile.Write(ref _connection, connection);
            var receiving = ReceiveLoopAsync(connection, connectionCts.Token);
            try
            {
                while (true)
                {
                    if (!await HandshakeAsync(schedule, cancellationToken).ConfigureAwait(false))
                    {
                        _log.WithCode(4101).Warning("Waiting for server reply (not started). Tried: '{Server}'.", server.Host);
                        var changed = servers.Count > 1;
                        if (changed)
                        {
                            index = (index + 1) % servers.Count;
                            _log.Information("Trying next server in the line: '{Server}'.", servers[index].Host);
                            _log.Information("Closing connection to server {Server}, port {Port}.", server.Host, _options.Port);
                        }

                        await Task.Delay(schedule.NextPause(changed), _time, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    schedule.Reset();
                    failedPasses = 0;
                    await OnConnectedAsync(server, firstTime: !everConnected, afterLoss: lost, cancellationToken).ConfigureAwait(false);
                    everConnected = true;
                    lost = false;

                    await SteadyStateAsync(cancellationToken).ConfigureAwait(false);
                    lost = true;
                    OnLost();
                    await RequeueInDoubtAsync(cancellationToken).ConfigureAwait(false);
                    if (connection.IsStream)
                    {
                        // A TCP connection that failed is dead: connect again before the next handshake.
                        await Task.Delay(_options.HandshakeStep, _time, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                }
            }
            finally
            {
                await connectionCts.CancelAsync().ConfigureAwait(false);
                await receiving.ConfigureAwait(false);
                Volatile.Write(ref _connection, null);
                connection.Dispose();
            }
        }
    }

    /// <summary>Sends one event; on failure the caller keeps it (see <see cref="RetryQueue"/>).</summary>
    public async ValueTask<SendResult> SendEventAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = State != SessionState.Connected
                ? SendResult.NotConnected
                : await SendLockedAsync(pending.Payload, cancellationToken).ConfigureAwait(false);
            if (result == SendResult.Sent)
            {
                Interlocked.Increment(ref _eventsSent);
                RecordSentLocked(pending);
            }
            else
            {
                _retry.Requeue(pending);
            }

            return result;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Completes when another event may be sent: at once unless the receipt window is full.</summary>
    public Task WaitForWindowRoomAsync(CancellationToken cancellationToken) =>
        ReceiptsOn ? _window.WaitForRoomAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>The next event to send again, if any (taken before new events from the buffer).</summary>
    public bool TryTakeRetry(out PendingEvent pending) => _retry.TryTake(out pending);

    /// <summary>Completes when an event is waiting to be sent again (<see cref="TryTakeRetry"/>).</summary>
    public Task WhenRetryQueuedAsync() => _retry.WhenQueuedAsync();

    public void Dispose()
    {
        _sendLock.Dispose();
        _wake.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
