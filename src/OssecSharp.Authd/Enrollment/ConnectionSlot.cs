namespace OssecSharp.Authd.Enrollment;

/// <summary>One connection's place in the <see cref="ConnectionRegistry"/>: its cancellation and its task.</summary>
internal sealed class ConnectionSlot : IDisposable
{
    private readonly ConnectionRegistry _owner;
    private readonly CancellationTokenSource _cts;

    public ConnectionSlot(ConnectionRegistry owner)
    {
        _owner = owner;

        // Not linked to the daemon's stop token: on shutdown, connections already past their request finish (their
        // own deadline bounds them) so no key is committed without being sent; waiting ones are cancelled.
        _cts = new CancellationTokenSource();
    }

    public CancellationToken Token => _cts.Token;

    public Task? Task { get; set; }

    internal LinkedListNode<ConnectionSlot>? Node { get; set; }

    /// <summary>The request has arrived: the connection is doing useful work and is no longer evictable.</summary>
    public void MarkBusy() => _owner.MarkBusy(this);

    /// <summary>Gives the slot back while the connection lingers (a decided refusal); disposing later is harmless.</summary>
    public void Release() => _owner.Remove(this);

    public void CancelAfter(TimeSpan delay) => _cts.CancelAfter(delay);

    public void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        _cts.Dispose();
    }
}
