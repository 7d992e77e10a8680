using OssecSharp.Core.Events;

namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// Agentless events through the shared Core sink (analysis socket when a reader exists, archives.log and
/// archives.json), with the pseudo-agent OSSEC shows for agentless hosts (id <c>na</c>, name
/// <c>(&lt;type&gt;) &lt;user@host&gt;</c>, ip = the text after '@').
/// </summary>
internal sealed class EventSinkAdapter : IAgentlessEventSink
{
    private readonly EventSink _sink;
    private readonly Serilog.ILogger _log;
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);
    private long _dropped;
    private long _droppedAtFlush;
    private long _failuresAtFlush;

    public EventSinkAdapter(EventSink sink, Serilog.ILogger log)
    {
        _sink = sink;
        _log = log;
    }

    public void Send(char queue, string location, string message)
    {
        var arrow = location.LastIndexOf("->", StringComparison.Ordinal);
        var name = arrow > 0 ? location[..arrow] : location;
        var at = name.LastIndexOf('@');
        var ip = at >= 0 ? name[(at + 1)..] : null;
        if (!_sink.TryEnqueue(new ArchiveEvent(queue, location, message, DateTimeOffset.Now, "na", name, ip))
            && Interlocked.Increment(ref _dropped) % 100 == 1)
        {
            _log.Warning("Event queue full; {Count} agentless event(s) dropped so far.", Interlocked.Read(ref _dropped));
        }
    }

    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        // The sink counts every event it accepted and every one its writer handled (written or failed), so
        // waiting for the second to reach the first covers everything this process sent before the call.
        var accepted = _sink.Counters.Received;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FlushTimeout);
        try
        {
            while (_sink.Counters.Written < accepted)
            {
                await Task.Delay(10, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Error("Events not written within {Seconds} s.", FlushTimeout.TotalSeconds);
            return false;
        }

        var failures = _sink.Counters.ArchiveFailures;
        var dropped = Interlocked.Read(ref _dropped);
        var ok = failures == _failuresAtFlush && dropped == _droppedAtFlush;
        _failuresAtFlush = failures;
        _droppedAtFlush = dropped;
        return ok;
    }
}
