using System.Text;
using OssecSharp.Core.Events;
using OssecSharp.Remoted.Agents;

namespace OssecSharp.Remoted.Pipeline;

/// <summary>
/// Hands accepted events to the shared <see cref="EventSink"/> (analysis socket when a reader is bound, archives.log,
/// archives.json), in OSSEC's location form <c>(&lt;name&gt;) &lt;ip&gt;-&gt;&lt;location&gt;</c>. Never blocks: a full
/// sink discards and counts.
/// </summary>
internal sealed class EventSinkOutput : IEventSinkOutput
{
    private readonly EventSink _sink;

    public EventSinkOutput(EventSink sink)
    {
        _sink = sink;
        _sink.Start();
    }

    public long Queued => _sink.Counters.Received;

    public long Written => _sink.Counters.Written;

    public long Discarded => _sink.Counters.Discarded;

    public long ArchiveFailures => _sink.Counters.ArchiveFailures;

    public EventSinkCounters Counters => _sink.Counters;

    public bool Publish(AgentSession agent, ReadOnlySpan<byte> payload, IEventReceipt? receipt = null)
    {
        // payload = "<q>:<location>:<text>"; the agent's location ends at the first ':' after "q:".
        var rest = payload[2..];
        var colon = rest.IndexOf((byte)':');
        var location = colon < 0 ? rest : rest[..colon];
        var text = colon < 0 ? [] : rest[(colon + 1)..];
        var item = new ArchiveEvent(
            (char)payload[0],
            "(" + agent.Name + ") " + agent.IpString + "->" + Encoding.UTF8.GetString(location),
            Encoding.UTF8.GetString(text),
            DateTimeOffset.Now,
            agent.Id,
            agent.Name,
            agent.IpString)
        {
            Receipt = receipt,
        };
        return _sink.TryEnqueue(item);
    }

    public bool PublishLocal(string location, string text) =>
        _sink.TryEnqueue(new ArchiveEvent('1', location, text, DateTimeOffset.Now));

    public bool PublishSyslog(string sourceIp, string text) =>
        _sink.TryEnqueue(new ArchiveEvent('2', sourceIp, text, DateTimeOffset.Now));

    public async ValueTask DisposeAsync() => await _sink.DisposeAsync();
}
