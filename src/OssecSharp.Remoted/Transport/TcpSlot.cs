using System.Net;

namespace OssecSharp.Remoted.Transport;

/// <summary>One TCP connection's place in the <see cref="TcpConnectionTable"/>: its source and its eviction signal.</summary>
internal sealed class TcpSlot : IDisposable
{
    private readonly TcpConnectionTable _owner;
    private readonly CancellationTokenSource _evicted = new();
    private bool _authenticated;

    public TcpSlot(TcpConnectionTable owner, IPAddress source)
    {
        _owner = owner;
        Source = source;
    }

    public IPAddress Source { get; }

    /// <summary>Cancelled when the table closes this connection to make room for a new one.</summary>
    public CancellationToken Evicted => _evicted.Token;

    /// <summary>Set (under the table's lock) once a message from this connection was decrypted with an agent's key.</summary>
    internal bool Authenticated
    {
        get => Volatile.Read(ref _authenticated);
        set => Volatile.Write(ref _authenticated, value);
    }

    /// <summary>False once the slot has left the table (closed or evicted).</summary>
    internal bool Listed { get; set; }

    internal LinkedListNode<TcpSlot>? TableNode { get; set; }

    internal LinkedListNode<TcpSlot>? SourceNode { get; set; }

    /// <summary>A message from this connection passed decryption and the replay rule: no longer evictable.</summary>
    public void MarkAuthenticated()
    {
        // Called for every message: only the first takes the table's lock (which checks again under it).
        if (!Volatile.Read(ref _authenticated))
        {
            _owner.MarkAuthenticated(this);
        }
    }

    internal void Evict()
    {
        try
        {
            _evicted.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Closed on its own meanwhile.
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        _evicted.Dispose();
    }
}
