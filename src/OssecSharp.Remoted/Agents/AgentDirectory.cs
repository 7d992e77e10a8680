using System.Collections.Concurrent;
using OssecSharp.Core.Keys;
using OssecSharp.Remoted.Transport;

namespace OssecSharp.Remoted.Agents;

/// <summary>
/// Finds the agent a datagram belongs to (keys-and-crypto.md §6.1) in the current <see cref="KeyTable"/> snapshot
/// and keeps the sessions of agents heard from. A new snapshot is swapped in atomically by the key reloader: the
/// receive path never waits for a reload, and agents removed from client.keys stop being accepted at once.
/// </summary>
internal sealed class AgentDirectory
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private volatile KeyTable _table;

    public AgentDirectory(KeyTable table)
    {
        _table = table;
    }

    public KeyTable Table => _table;

    public ICollection<AgentSession> Sessions => _sessions.Values;

    /// <summary>Looks the sender up: by <c>!id!</c> (source inside the entry's ip/prefix) or by exact ip string.</summary>
    public LookupResult Find(ReadOnlySpan<byte> idPrefix, IPeer peer, out AgentSession? session)
    {
        session = null;
        var table = _table;
        KeyEntry? entry;
        AgentSession? known = null;
        if (!idPrefix.IsEmpty)
        {
            Span<char> chars = stackalloc char[idPrefix.Length];
            for (var i = 0; i < idPrefix.Length; i++)
            {
                chars[i] = (char)idPrefix[i];
            }

            // Sessions are keyed by id: a hit there avoids allocating the id string for every datagram.
            if (_sessions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out known)
                && ReferenceEquals(table.FindById(known.Id), known.Entry))
            {
                entry = known.Entry;
            }
            else
            {
                known = null;
                entry = table.FindById(new string(chars));
            }

            if (entry is null || !entry.Ip.Contains(peer.Address))
            {
                return LookupResult.InvalidId;
            }
        }
        else
        {
            entry = table.FindByIpString(peer.IpString);
            if (entry is null)
            {
                return LookupResult.UnknownSource;
            }
        }

        // The session just found for this very entry is the one SessionFor would look up again.
        session = known is not null && ReferenceEquals(known.Entry, entry) ? known : SessionFor(entry);
        return LookupResult.Found;
    }

    /// <summary>The session of a live entry, created on first use.</summary>
    public AgentSession SessionFor(KeyEntry entry)
    {
        var session = _sessions.GetOrAdd(entry.Id, static (_, e) => new AgentSession(e), entry);
        if (!ReferenceEquals(session.Entry, entry))
        {
            if (session.Matches(entry))
            {
                session.Entry = entry;
            }
            else
            {
                var fresh = new AgentSession(entry);
                session = _sessions.AddOrUpdate(entry.Id, fresh, (_, _) => fresh);
            }
        }

        return session;
    }

    /// <summary>The session of the agent with this id, if it is in client.keys (active-response targets).</summary>
    public AgentSession? FindById(string id)
    {
        var entry = _table.FindById(id);
        return entry is null ? null : SessionFor(entry);
    }

    /// <summary>The session of the agent with this name, if it is in client.keys.</summary>
    public AgentSession? FindByName(string name)
    {
        var entry = _table.FindByName(name);
        return entry is null ? null : SessionFor(entry);
    }

    /// <summary>Swaps in a reloaded table; returns the sessions of agents that are gone or whose key changed.</summary>
    public IReadOnlyList<AgentSession> Replace(KeyTable table)
    {
        _table = table;
        var dropped = new List<AgentSession>();
        foreach (var (id, session) in _sessions)
        {
            var entry = table.FindById(id);
            if (entry is null || !session.Matches(entry))
            {
                if (_sessions.TryRemove(new KeyValuePair<string, AgentSession>(id, session)))
                {
                    dropped.Add(session);
                }
            }
            else
            {
                session.Entry = entry;
            }
        }

        return dropped;
    }
}
