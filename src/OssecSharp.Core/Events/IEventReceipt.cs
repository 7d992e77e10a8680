namespace OssecSharp.Core.Events;

/// <summary>
/// Told by <see cref="EventSink"/> when its event has left the process (remoted's receipt confirmation waits for it).
/// Called on the sink's writer, in queue order; must not block.
/// </summary>
public interface IEventReceipt
{
    /// <summary><paramref name="written"/>: every configured archive file took the event (write(2) returned).</summary>
    void Completed(bool written);
}
