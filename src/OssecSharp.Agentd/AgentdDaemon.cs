using System.Globalization;
using OssecSharp.Agentd.Buffer;
using OssecSharp.Agentd.Local;
using OssecSharp.Agentd.Memory;
using OssecSharp.Agentd.Session;
using OssecSharp.Agentd.Shared;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Agentd;

/// <summary>
/// ossec-agentd: the agent's side of the secure channel. Wires the session with the manager, the local queue
/// socket, the <c>&lt;localfile&gt;</c> followers, the client buffer and the state file, and runs them until stop.
/// </summary>
internal sealed partial class AgentdDaemon
{
    public const string Name = "ossec-agentd";

    private readonly OssecPaths _paths;
    private readonly AgentdConfig _config;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public AgentdDaemon(OssecPaths paths, AgentdConfig config, ILogger log, TimeProvider time)
    {
        _paths = paths;
        _config = config;
        _log = log;
        _time = time;
    }

    /// <summary>
    /// Reads the agent's key (the first entry of client.keys); null (logged) when there is none. Each line that is not
    /// loaded is logged with its number and reason, so a file that exists but holds no usable line says what is wrong
    /// instead of "not found or empty".
    /// </summary>
    public AgentIdentity? LoadIdentity()
    {
        _log.WithCode(1410).Information("Reading authentication keys file.");
        var store = KeyStore.ForInstall(_paths);
        if (!store.Exists)
        {
            _log.WithCode(1402).Error("Authentication key file '{Path:l}' not found.", store.FilePath);
            _log.WithCode(1751).Error("File client.keys not found or empty.");
            return null;
        }

        KeyTable table;
        try
        {
            table = store.Load();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Error("Could not open file '{Path:l}' due to [{Reason:l}].", store.FilePath, ex.Message);
            return null;
        }

        var problems = new KeyLoadReport(_log).Log(table);
        if (table.Entries.Count == 0)
        {
            if (problems > 0)
            {
                _log.Error("No usable key in '{Path:l}': {Count} line(s) skipped (see above).", store.FilePath, problems);
            }
            else
            {
                _log.WithCode(1751).Error("File client.keys not found or empty.");
            }

            return null;
        }

        var entry = table.Entries[0];
        return new AgentIdentity(entry.Id, entry.Name, entry.IpString, entry.IsSingleHost, entry.Key);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled. Returns the exit code.</summary>
    public async Task<int> RunAsync(AgentIdentity identity, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_paths.RidsDir);
        Directory.CreateDirectory(_paths.OssecQueueDir);
        Directory.CreateDirectory(_paths.VarRun);
        WriteAgentInfo(identity);

        using var sender = new SenderCounter(_paths.SenderCounter);
        using var receive = new ReceiveCounterStore(_paths.RidsDir, _config.ReceiveCounterFlush);
        using var codec = new AgentChannelCodec(identity, _config.Crypto, sender, receive, _config.VerifyMessageId);
        using var buffer = new ClientBuffer(_config.QueueSize, dropWhenFull: _config.BufferEnabled, _log, _time);
        using var listener = new LocalQueueListener(_paths.OssecQueueSocket, buffer, _log, _time);
        listener.Bind();
        using var shared = new SharedFileReceiver(_paths.SharedDir, _log);
        using var exec = _config.DisableActiveResponse ? null : new ExecQueueForwarder(_paths.ExecQueueSocket, _log);
        var handler = new ManagerMessageHandler(shared, exec, Path.Combine(_paths.VarRun, ".syscheck_run"), _log);
        var keepalive = new KeepaliveBuilder(Uname.Line(), _paths.SharedDir);
        var sessionOptions = _config.Session with
        {
            WaitLockPath = _config.BufferEnabled ? null : Path.Combine(_paths.OssecQueueDir, ".wait"),
        };
        using var session = new ManagerSession(
            sessionOptions, codec, handler, keepalive.Build, () => StartupEvents.Create(identity, _paths), _log, _time);
        var limiter = _config.BufferEnabled ? new EpsLimiter(_config.EventsPerSecond, _time) : null;
        var pump = new EventPump(buffer, session, limiter, _time);
        using var files = new LocalFileRunner(
            _config.LocalFiles.Where(f => f.Format == "syslog").Select(f => f.Location), buffer, _config.LogcollectorLoop, _log, _time);
        using var commands = new CommandRunner(
            _config.LocalFiles.Where(f => f.Format is "command" or "full_command"), buffer, _log, _time);
        var state = new StateFileWriter(_paths.StateFile(Name), Name, () => StateValues(session, buffer), _config.StateInterval, _log,
            () => AgentdMetrics.Collect(session, buffer));

        for (var i = 0; i < _config.Session.Servers.Count; i++)
        {
            _log.Information("Server {Index}: {Server}", i + 1, _config.Session.Servers[i].Host);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] tasks =
        [
            ObserveAsync(() => session.RunAsync(stop.Token), "session"),
            ObserveAsync(() => pump.RunAsync(stop.Token), "event sender"),
            ObserveAsync(() => listener.RunAsync(stop.Token), "local queue"),
            ObserveAsync(() => files.RunAsync(stop.Token), "file follower"),
            ObserveAsync(() => commands.RunAsync(stop.Token), "command runner"),
            ObserveAsync(() => _config.StateInterval > TimeSpan.Zero ? state.RunAsync(stop.Token) : Task.CompletedTask, "state file"),
            ObserveAsync(() => ReportDropsAsync(buffer, stop.Token), "buffer report"),
            ObserveAsync(() => TrimAfterStartAsync(session, stop.Token), "memory trim"),
        ];

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop requested.
        }

        await SendShutdownAsync(session).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        codec.Flush();
        return 0;
    }

    private static IEnumerable<KeyValuePair<string, string>> StateValues(ManagerSession session, ClientBuffer buffer)
    {
        static string Time(DateTimeOffset? value) =>
            value?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;

        var status = session.State switch
        {
            SessionState.Connected => "connected",
            SessionState.Disconnected => "disconnected",
            _ => "pending",
        };
        return
        [
            new("status", status),
            new("manager", session.CurrentServer?.Host ?? string.Empty),
            new("last_keepalive", Time(session.LastKeepalive)),
            new("last_ack", Time(session.LastAck)),
            new("msg_sent", session.EventsSent.ToString(CultureInfo.InvariantCulture)),
            new("msg_buffer", (buffer.Count + session.RetryCount).ToString(CultureInfo.InvariantCulture)),
            new("msg_dropped", buffer.Dropped.ToString(CultureInfo.InvariantCulture)),

            // Receipt confirmation (docs/protocol-extensions.md): 'no' with a manager that does not offer it, where
            // an event lost on the way cannot be known to the agent.
            new("receipts", session.ReceiptsOn ? "yes" : "no"),
            new("msg_confirmed", session.Confirmed.ToString(CultureInfo.InvariantCulture)),
            new("msg_unconfirmed", session.Unconfirmed.ToString(CultureInfo.InvariantCulture)),
            new("msg_resent", session.Resent.ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private async Task SendShutdownAsync(ManagerSession session)
    {
        if (session.State != SessionState.Connected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        try
        {
            // Give the manager a moment to confirm the last events; what stays unconfirmed dies with the process.
            var unconfirmed = await session.WaitConfirmedAsync(TimeSpan.FromSeconds(2), timeout.Token).ConfigureAwait(false);
            if (unconfirmed > 0)
            {
                _log.Warning("{Count} events sent to the server were not confirmed before the stop.", unconfirmed);
            }

            await session.SendShutdownAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _log.Debug("Shutdown message not sent in time.");
        }
    }

    private async Task ReportDropsAsync(ClientBuffer buffer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                buffer.ReportDrops();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
    }

    /// <summary>
    /// Releases the pages only start-up used (<see cref="ResidentSetTrim"/>): 2 s after the first connection, or after
    /// 10 s without one (then again once connected, the handshake's code being start-up too).
    /// </summary>
    private async Task TrimAfterStartAsync(ManagerSession session, CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromSeconds(2);
        var connected = session.WaitConnectedAsync(cancellationToken);
        await Task.WhenAny(connected, Task.Delay(TimeSpan.FromSeconds(10), _time, cancellationToken)).ConfigureAwait(false);
        if (!connected.IsCompleted)
        {
            Trim();
        }

        await connected.ConfigureAwait(false);
        await Task.Delay(settle, _time, cancellationToken).ConfigureAwait(false);
        Trim();
    }

    private void Trim() => _log.Debug("Pages used only at start-up released: {Kilobytes} kB.", ResidentSetTrim.Run());

    private async Task ObserveAsync(Func<Task> start, string what)
    {
        try
        {
            await start().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Orderly stop.
        }
        catch (Exception ex)
        {
            _log.Error(ex, "The {What} stopped on an error.", what);
        }
    }

    /// <summary><c>queue/ossec/.agent_info</c>: <c>&lt;name&gt;\n-\n&lt;id&gt;\n&lt;profile or -&gt;\n</c>.</summary>
    private void WriteAgentInfo(AgentIdentity identity)
    {
        var text = $"{identity.Name}\n-\n{identity.Id}\n{_config.ConfigProfile ?? "-"}\n";
        try
        {
            AtomicFile.Write(Path.Combine(_paths.OssecQueueDir, ".agent_info"), System.Text.Encoding.UTF8.GetBytes(text),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Unable to write .agent_info: {Reason}", ex.Message);
        }
    }
}
