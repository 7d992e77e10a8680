using System.Net;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// The TCP connections remoted holds, bounded in all and per source address. A connection is "unauthenticated" until
/// one of its messages decrypts with an agent's key; only those can be evicted. At a limit, the oldest
/// unauthenticated connection (of that source, or of any source when the table is full) is closed to admit the new
/// one, so connections that never speak cannot lock a real agent out (issue #13 item 2): they may only evict each
/// other. A new connection is refused only when everything it could replace is a live agent.
/// </summary>
internal sealed class TcpConnectionTable
{
    private readonly object _gate = new();
    private readonly LinkedList<TcpSlot> _unauthenticated = new();
    private readonly Dictionary<IPAddress, Source> _sources = [];
    private readonly int _capacity;
    private readonly int _perSource;
    private int _count;

    public TcpConnectionTable(int capacity, int perSource)
    {
        _capacity = Math.Max(1, capacity);
        _perSource = Math.Max(1, perSource);
    }

    public int Count
    {
        get { lock (_gate) { return _count; } }
    }

    public int Capacity => _capacity;

    public int PerSource => _perSource;

    /// <summary>Admits a connection from <paramref name="address"/>; <paramref name="victim"/> is the connection closed for it.</summary>
    public TcpAdmission TryAdd(IPAddress address, out TcpSlot? slot, out TcpSlot? victim)
    {
        victim = null;
        slot = null;
        TcpAdmission admission;
        lock (_gate)
        {
            if (!_sources.TryGetValue(address, out var source))
            {
                source = new Source();
                _sources[address] = source;
            }

            if (source.Count >= _perSource)
            {
                if (source.Unauthenticated.First is not { } oldest)
                {
                    return TcpAdmission.RefusedSourceFull;
                }

                victim = oldest.Value;
                admission = TcpAdmission.EvictedFromSource;
            }
            else if (_count >= _capacity)
            {
                if (_unauthenticated.First is not { } oldest)
                {
                    DropIfEmpty(address, source);
                    return TcpAdmission.RefusedTableFull;
                }

                victim = oldest.Value;
                admission = TcpAdmission.EvictedOldest;
            }
            else
            {
                admission = TcpAdmission.Admitted;
            }

            if (victim is not null)
            {
                Unlist(victim);
                _sources.TryAdd(address, source);
            }

            slot = new TcpSlot(this, address) { Listed = true };
            slot.TableNode = _unauthenticated.AddLast(slot);
            slot.SourceNode = source.Unauthenticated.AddLast(slot);
            source.Count++;
            _count++;
        }

        victim?.Evict();
        return admission;
    }

    internal void MarkAuthenticated(TcpSlot slot)
    {
        lock (_gate)
        {
            if (slot.Authenticated || !slot.Listed)
            {
                return;
            }

            slot.Authenticated = true;
            _unauthenticated.Remove(slot.TableNode!);
            _sources[slot.Source].Unauthenticated.Remove(slot.SourceNode!);
            slot.TableNode = null;
            slot.SourceNode = null;
        }
    }

    internal void Remove(TcpSlot slot)
    {
        lock (_gate)
        {
            if (slot.Listed)
            {
                Unlist(slot);
            }
        }
    }

    private void Unlist(TcpSlot slot)
    {
        var source = _sources[slot.Source];
        if (slot.TableNode is not null)
        {
            _unauthenticated.Remove(slot.TableNode);
            source.Unauthenticated.Remove(slot.SourceNode!);
            slot.TableNode = null;
            slot.SourceNode = null;
        }

        slot.Listed = false;
        source.Count--;
        _count--;
        DropIfEmpty(slot.Source, source);
    }

    private void DropIfEmpty(IPAddress address, Source source)
    {
        // Sources come and go (and may be spoofed): keep only those holding a connection.
        if (source.Count == 0)
        {
            _sources.Remove(address);
        }
    }

    private sealed class Source
    {
        public int Count;
        public readonly LinkedList<TcpSlot> Unauthenticated = new();
    }
}
