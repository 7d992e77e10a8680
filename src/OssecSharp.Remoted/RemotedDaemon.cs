using OssecSharp.Core.Counters;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Rotation;
using OssecSharp.Remoted.ActiveResponse;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Pipeline;
using OssecSharp.Remoted.Receipts;
using OssecSharp.Remoted.Shared;
using OssecSharp.Remoted.Syslog;
using OssecSharp.Remoted.Transport;
using Serilog;

namespace OssecSharp.Remoted;

/// <summary>
/// ossec-remoted: composes the receive path (socket loops → fair queue → decrypt workers → event output), the
/// agent-facing services (acks, shared files, active responses) and the housekeeping tasks (keys reload, disconnect
/// monitor, state file). <see cref="Prepare"/> binds everything (before privileges are dropped); <see cref="RunAsync"/>
/// runs until the token is cancelled, then shuts down in order and flushes every counter.
/// </summary>
internal sealed partial class RemotedDaemon : IAsyncDisposable
{
    public const string Name = "ossec-remoted";

    private readonly OssecPaths _paths;
    private readonly RemotedConfig _config;
    private readonly ILogger _log;
    private readonly Func<RemotedStats, IEventSinkOutput> _outputFactory;
    private readonly RemotedStats _stats = new();
    private readonly LogThrottle _throttle = new(TimeProvider.System, TimeSpan.FromSeconds(10));
    private readonly List<UdpListenerGroup> _udp = [];

    // The UDP groups once bound, never cleared: the state task reads their sockets' kernel drop counts until the end.
    private UdpListenerGroup[] _udpGroups = [];
    private readonly List<TcpListenerLoop> _tcp = [];
    private readonly List<SyslogListener> _syslog = [];
    private readonly CancellationTokenSource _background = new();
    private readonly List<Task> _tasks = [];
    private ReceiveCounterStore? _counters;
    private SenderCounter? _sender;
    private ReceivePipeline? _pipeline;
    private SharedFilePusher? _pusher;
    private SharedFileCatalog? _catalog;
    private ArForwarder? _ar;
    private StateReporter? _state;
    private KeyReloader? _reloader;
    private DisconnectMonitor? _disconnects;
    private DailyLogRotator? _rotator;
    private IEventSinkOutput? _output;
    private ReceiptConfirmer? _confirmer;
    private Cluster.ClusterNode? _cluster;

    public RemotedDaemon(OssecPaths paths, RemotedConfig config, ILogger log, Func<RemotedStats, IEventSinkOutput> outputFactory)
    {
        _paths = paths;
        _config = config;
        _log = log;
        _outputFactory = outputFactory;
    }

    public RemotedStats Stats => _stats;

    /// <summary>Ports actually bound (first secure listener), for tests using port 0.</summary>
    public int UdpPort => _udp.Count > 0 ? _udp[0].Port : 0;

    public int TcpPort => _tcp.Count > 0 ? _tcp[0].Port : 0;

    /// <summary>UDP port of the first syslog listener (tests).</summary>
    public int SyslogUdpPort => _syslog.Count > 0 ? _syslog[0].UdpPort : 0;

    public AgentDirectory? Agents { get; private set; }

    /// <summary>Loads keys and binds every socket. Throws with an OSSEC-style message on a fatal start-up error.</summary>
    public void Prepare(CancellationToken cancellationToken)
    {
        var settings = _config;
        var store = KeyStore.ForInstall(_paths);
        _cluster = Cluster.ClusterNode.TryStart(_paths, store, _log);
        if (!store.Exists && !settings.PassEmptyKeyfile)
        {
            _log.WithCode(1402).Error("Authentication key file '{Path}' not found.", store.FilePath);
            _log.WithCode(1751).Error("File client.keys not found or empty.");
            throw new InvalidOperationException("no authentication keys.");
        }

        var watcher = new KeyFileWatcher(store);
        var report = new KeyLoadReport(_log);
        report.Log(watcher.Current);
        if (watcher.Current.Count == 0 && !settings.PassEmptyKeyfile)
        {
            _log.WithCode(1751).Error("File client.keys not found or empty.");
            throw new InvalidOperationException("no authentication keys.");
        }

        _log.Information("Authentication keys loaded: {Count} agents.", watcher.Current.Count);
        Directory.CreateDirectory(_paths.RidsDir);
        Directory.CreateDirectory(_paths.AgentInfoDir);
        _counters = new ReceiveCounterStore(_paths.RidsDir, settings.RecvCounterFlush);
        _sender = new SenderCounter(_paths.SenderCounter, _cluster is null ? null : Cluster.ClusterNode.ClockGlobal);
        var agents = new AgentDirectory(watcher.Current);
        Agents = agents;
        _reloader = new KeyReloader(watcher, report, agents, _counters, _log, settings.KeysPollInterval);
        _cluster?.Attach(agents, _reloader);
        var fence = _cluster?.Fence;

        _output = _outputFactory(_stats);
        var catalog = new SharedFileCatalog(_paths, _log);
        _catalog = catalog;
        _pusher = new SharedFilePusher(catalog, _stats, _log, settings.PushPause);
        var replies = new ReplySender(_sender, _stats, _log);
        _pusher.Attach(replies);
        var agentInfo = new AgentInfoWriter(_paths, _log, TimeProvider.System);

        // monitord's duties, unless OSSEC's own monitord does them on this install.
        var owners = settings.Owners ?? RotationOwners.Detect(_paths);
        if (owners.OurMonitor)
        {
            _rotator = new DailyLogRotator(_paths.Home, [DailyLogFamily.ArchivesLog(_paths), DailyLogFamily.ArchivesJson(_paths)],
                settings.Rotation, TimeProvider.System, _log, Name);
            if (settings.Rotation.MonitorAgents)
            {
                _disconnects = new DisconnectMonitor(agents, agentInfo, _output, settings.DisconnectTimeout, _log, TimeProvider.System);
            }
        }
        else
        {
            _log.Information("OSSEC's ossec-monitord runs on this install: it compresses and signs the daily logs and reports silent agents.");
        }

        var control = new ControlHandler(replies, agentInfo, _pusher, _stats, _log, _throttle, settings.LinkExtensions, _disconnects);
        var confirmer = new ReceiptConfirmer(replies, _stats, settings.ReceiptInterval);
        _confirmer = confirmer;
        var queue = new FairQueue(settings.Workers, settings.ShardsPerWorker, settings.ShardCapacity);
        var counters = _counters;
        var reloader = _reloader;
        var output = _output;
        _pipeline = new ReceivePipeline(
            queue,
            _ => new MessageProcessor(agents, counters, control, output, _stats, settings, reloader, _log, _throttle, _paths.RidsDir,
                confirmer, fence),
            _stats, _log, _throttle, settings.MaxDatagram);
        _state = new StateReporter(_paths.StateFile(Name), _stats, _pipeline, agents, output, settings.StateInterval,
            Core.Agents.AgentInfo.ActiveWindow, _log, new KernelDropCounter(() => _udpGroups.SelectMany(g => g.Sockets).ToList()));
        _ar = new ArForwarder(_paths.ArQueueSocket, agents, replies, _stats, settings.SendWindow, _log);

        // Workers first, so that nothing received waits for them.
        _pipeline.Start();
        foreach (var listener in _config.Listeners.Where(l => l.Secure))
        {
            if (listener.Udp)
            {
                var group = new UdpListenerGroup(_pipeline, _log, settings.ReceiveBufferBytes);
                group.Start(listener.LocalIp, listener.Port, _background.Token);
                _udp.Add(group);
                _log.Information("Listening on port {Port}/udp (secure).", group.Port);
            }

            if (listener.Tcp)
            {
                var table = new TcpConnectionTable(settings.MaxTcpConnections, settings.MaxTcpConnectionsPerSource);
                var tcp = new TcpListenerLoop(_pipeline, _log, _stats, _throttle, table,
                    settings.TcpFirstFrameTimeout, settings.TcpFrameTimeout, settings.TcpIdleTimeout);
                tcp.Start(listener.LocalIp, listener.Port, _background.Token);
                _tcp.Add(tcp);
                _log.Information("Listening on port {Port}/tcp (secure).", tcp.Port);
            }
        }

        _udpGroups = [.. _udp];
        foreach (var listener in _config.Listeners.Where(l => !l.Secure))
        {
            var syslog = new SyslogListener(listener, output, _log, _throttle);
            _syslog.Add(syslog);
            syslog.Start(_background.Token);
        }
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (_catalog is null)
        {
            // OSSEC: no <remote> block, nothing to do.
            return 0;
        }

        // After the privilege drop, so that merged.mg and the active-response socket belong to remoted's account
        // (ossecr), as OSSEC's do.
        _catalog.Rebuild();
        try
        {
            _ar?.Bind();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            _log.Error("Unable to bind the active-response queue '{Path}': {Message}", _paths.ArQueueSocket, e.Message);
            _ar?.Dispose();
            _ar = null;
        }

        var token = _background.Token;
        _tasks.Add(Task.Run(() => _reloader!.RunAsync(token), CancellationToken.None));
        _cluster?.Start(_tasks, token);
        if (_disconnects is { } disconnects)
        {
            _tasks.Add(Task.Run(() => disconnects.RunAsync(token), CancellationToken.None));
        }

        if (_rotator is { } rotator)
        {
            _tasks.Add(Task.Run(() => rotator.RunAsync(token), CancellationToken.None));
        }

        _tasks.Add(Task.Run(() => _state!.RunAsync(token), CancellationToken.None));
        _tasks.Add(Task.Run(() => _confirmer!.RunAsync(token), CancellationToken.None));
        if (_ar is { } ar)
        {
            _tasks.Add(Task.Run(() => ar.RunAsync(token), CancellationToken.None));
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync();
        return 0;
    }

    /// <summary>Orderly shutdown: listeners, then the queued work, then background tasks, then every store.</summary>
    public async Task StopAsync()
    {
        foreach (var group in _udp)
        {
            await group.DisposeAsync();
        }

        foreach (var tcp in _tcp)
        {
            await tcp.DisposeAsync();
        }

        foreach (var syslog in _syslog)
        {
            await syslog.DisposeAsync();
        }

        _udp.Clear();
        _tcp.Clear();
        _syslog.Clear();
        if (_pipeline is { } pipeline)
        {
            await pipeline.StopAsync(TimeSpan.FromSeconds(3));
            _pipeline = null;
        }

        await _background.CancelAsync();
        await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _tasks.Clear();
        if (_pusher is { } pusher)
        {
            await pusher.DisposeAsync();
            _pusher = null;
        }

        _ar?.Dispose();
        _ar = null;

        // "No counter state lost across a restart": every receive counter is written now, not every 128 messages.
        _counters?.Dispose();
        _counters = null;
        _sender?.Dispose();
        _sender = null;
        if (_output is { } output)
        {
            await output.DisposeAsync();
            _output = null;
        }

        _state?.WriteNow();
        _state = null;
        _cluster?.Dispose();
        _cluster = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _background.Dispose();
    }
}
