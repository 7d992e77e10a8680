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
    private long _dropped;

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
}
