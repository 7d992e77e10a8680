namespace OssecSharp.Core.Events;

/// <summary>
/// One entry of <see cref="EventSink"/>'s queue: either an <see cref="ArchiveEvent"/> built by its producer (agentlessd,
/// remoted's own and syslog events), or an agent's event kept as the bytes it arrived in (<c>q:location:text</c>)
/// with the time it was received, formatted by the writer straight into the archive buffers.
/// </summary>
internal readonly record struct QueuedEvent(
    ArchiveEvent? Event, ArchiveAgent? Agent, byte[]? Payload, long UtcTicks, IEventReceipt? Receipt);
