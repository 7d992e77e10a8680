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

    // The event stays in the bytes it arrived in; the sink's writer formats them into the archive buffers.
    public bool Publish(AgentSession agent, ReadOnlySpan<byte> payload, IEventReceipt? receipt = null) =>
        _sink.TryEnqueue(agent.Archive, payload, receipt);

    public bool PublishLocal(string location, string text) =>
        _sink.TryEnqueue(new ArchiveEvent('1', location, text, DateTimeOffset.Now));

    public bool PublishSyslog(string sourceIp, string text) =>
        _sink.TryEnqueue(new ArchiveEvent('2', sourceIp, text, DateTimeOffset.Now));

    public async ValueTask DisposeAsync() => await _sink.DisposeAsync();
}
