namespace OssecSharp.Agentd.Session;

/// <summary>
/// Pairs the manager's acks with the control messages they answer (in order) to know the send time of the last
/// acknowledged one: the manager reads its socket in order, so every event sent before it was read too.
/// An ack that went missing only makes the watermark older, which is the safe direction.
/// </summary>
internal sealed class AckWatermark
{
    private const int MaxOutstanding = 16;

    private readonly Lock _gate = new();
    private readonly Queue<long> _outstanding = new();
    private long _watermark;

    public long Watermark
    {
        get { lock (_gate) { return _watermark; } }
    }

    public void ControlSent(long timestamp)
    {
        lock (_gate)
        {
            if (_outstanding.Count == MaxOutstanding)
            {
                _outstanding.Dequeue();
            }

            _outstanding.Enqueue(timestamp);
        }
    }

    public void AckReceived()
    {
        lock (_gate)
        {
            if (_outstanding.TryDequeue(out var sentAt))
            {
                _watermark = Math.Max(_watermark, sentAt);
            }
        }
    }

    /// <summary>A new handshake: earlier controls will never be answered.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _outstanding.Clear();
        }
    }
}
