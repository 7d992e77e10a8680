using System.Globalization;
using System.Text;
using OssecSharp.Core.Metrics;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Pipeline;
using Serilog;

namespace OssecSharp.Remoted.Diagnostics;

/// <summary>
/// Writes <c>var/run/ossec-remoted.state</c> every few seconds (key=value lines, atomic replace): what was received,
/// decrypted, rejected per reason, queued and discarded, and how many agents are active. Also logs a warning
/// whenever messages were discarded since the previous refresh, so no loss is ever silent.
/// </summary>
internal sealed class StateReporter
{
    private readonly string _path;
    private readonly RemotedStats _stats;
    private readonly ReceivePipeline _pipeline;
    private readonly AgentDirectory _agents;
    private readonly IEventStats _events;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _activeWindow;
    private readonly ILogger _log;
    private readonly KernelDropCounter _kernelDrops;
    private long _reportedIngressDrops;
    private long _reportedKernelDrops;
    private long _kernelDropped;

    public StateReporter(
        string path, RemotedStats stats, ReceivePipeline pipeline, AgentDirectory agents, IEventStats events,
        TimeSpan interval, TimeSpan activeWindow, ILogger log, KernelDropCounter kernelDrops)
    {
        _kernelDrops = kernelDrops;
        _path = path;
        _stats = stats;
        _pipeline = pipeline;
        _agents = agents;
        _events = events;
        _interval = interval;
        _activeWindow = activeWindow;
        _log = log;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                WriteNow();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public int ActiveAgents()
    {
        var now = Environment.TickCount64;
        var active = 0;
        foreach (var session in _agents.Sessions)
        {
            var last = session.LastControlTicks;
            if (last > 1 && now - last <= _activeWindow.TotalMilliseconds)
            {
                active++;
            }
        }

        return active;
    }

    public string Render()
    {
        var b = new StringBuilder(1024);
        b.Append("# State file for ossec-remoted\n");
        b.Append("# Updated every ").Append(_interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append(" seconds.\n");
        Add(b, "received", _stats.Received);
        Add(b, "received_bytes", _stats.ReceivedBytes);
        Add(b, "decrypted", _stats.Decrypted);
        Add(b, "events", _stats.Events);
        Add(b, "control_messages", _stats.ControlMessages);
        Add(b, "rejected", _stats.RejectedTotal);
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            Add(b, "rejected_" + ReasonKey(reason), _stats.Rejected(reason));
        }

        Add(b, "queued", _pipeline.Pending);
        Add(b, "discarded", _stats.IngressDropped + _events.Discarded + _stats.AwaitingResend);
        Add(b, "discarded_receive_queue", _stats.IngressDropped);
        Add(b, "discarded_event_sink", _events.Discarded);

        // Lost before remoted could read them: its own counter, not part of "received" nor of "discarded".
        Add(b, "kernel_dropped", Interlocked.Read(ref _kernelDropped));
        Add(b, "discarded_awaiting_resend", _stats.AwaitingResend);
        Add(b, "events_queued", _events.Queued);
        Add(b, "events_written", _events.Written);
        Add(b, "archive_failures", _events.ArchiveFailures);
        Add(b, "replies_sent", _stats.RepliesSent);
        Add(b, "reply_failures", _stats.ReplyFailures);
        Add(b, "files_pushed", _stats.FilesPushed);
        Add(b, "ar_forwarded", _stats.ArForwarded);
        Add(b, "counter_resyncs", _stats.CounterResyncs);
        Add(b, "receipt_confirms", _stats.ReceiptConfirms);
        Add(b, "resend_requests", _stats.ResendRequests);
        Add(b, "tcp_connections", _stats.TcpConnections);
        Add(b, "tcp_framing_errors", _stats.TcpFramingErrors);
        Add(b, "tcp_evicted", _stats.TcpEvicted);
        Add(b, "tcp_refused", _stats.TcpRefused);
        Add(b, "tcp_first_frame_timeouts", _stats.TcpFirstFrameTimeouts);
        Add(b, "agents_registered", _agents.Table.Count);
        Add(b, "agents_active", ActiveAgents());
        return b.ToString();
    }

    public void WriteNow()
    {
        ReportDrops();
        var temp = _path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            File.WriteAllText(temp, Render());
            File.Move(temp, _path, overwrite: true);
            PromTextFormat.WriteFile(
                PromTextFormat.PathBeside(_path), RemotedMetrics.Collect(_stats, _pipeline, _agents, _events, _activeWindow));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to write the state file '{Path}': {Message}", _path, e.Message);
        }
    }

    private void ReportDrops()
    {
        var kernel = _kernelDrops.Read();
        Interlocked.Exchange(ref _kernelDropped, kernel);
        if (kernel > _reportedKernelDrops)
        {
            // Once per refresh at most: the state interval is the throttle.
            _log.Warning("{Count} datagrams dropped by the kernel since the last report (UDP receive buffer full; {Total} in all). "
                + "Raise net.core.rmem_max or add CPU.", kernel - _reportedKernelDrops, kernel);
            _reportedKernelDrops = kernel;
        }

        var ingress = _stats.IngressDropped;
        if (ingress != _reportedIngressDrops)
        {
            _log.Warning("{Count} received messages discarded since the last report (receive queue full; {Total} in all).",
                ingress - _reportedIngressDrops, ingress);
            _reportedIngressDrops = ingress;
        }
    }

    public static string ReasonKey(RejectReason reason) => reason switch
    {
        RejectReason.UnknownSource => "unknown_source",
        RejectReason.InvalidId => "invalid_id",
        RejectReason.BadFormat => "bad_format",
        RejectReason.WrongKey => "wrong_key",
        RejectReason.Decompress => "decompress",
        RejectReason.Checksum => "checksum",
        RejectReason.Duplicate => "duplicate_counter",
        RejectReason.OldCounter => "old_counter",
        RejectReason.Policy => "crypto_policy",
        RejectReason.BadEvent => "bad_event",
        RejectReason.Oversize => "oversize",
        RejectReason.NotHeld => "not_held",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static void Add(StringBuilder b, string key, long value) =>
        b.Append(key).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
