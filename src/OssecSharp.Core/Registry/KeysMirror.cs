using OssecSharp.Core.Keys;
using Serilog;

namespace OssecSharp.Core.Registry;

/// <summary>
/// Keeps this node's <c>etc/client.keys</c> an OSSEC-format copy of the registry, so OSSEC's tools and people's
/// scripts keep reading it. Writes go through <see cref="KeyStore"/> (under its lock, appended or marked in place,
/// never created or renamed in <c>etc/</c>), so the file works in OSSEC's layout. At start-up every registry row is
/// applied once, and live local agents the registry does not know are added to it (moving a single manager into a
/// cluster); afterwards only the rows changed since the last applied change are read.
/// </summary>
public sealed class KeysMirror
{
    private readonly AgentRegistry _registry;
    private readonly KeyStore _store;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private long _applied;

    /// <summary>A mirror of <paramref name="registry"/> into <paramref name="store"/>.</summary>
    public KeysMirror(AgentRegistry registry, KeyStore store, ILogger log)
    {
        _registry = registry;
        _store = store;
        _log = log;
    }

    /// <summary>The last registry change applied to client.keys.</summary>
    public long Applied => Volatile.Read(ref _applied);

    /// <summary>
    /// Start-up: reads the whole registry once, adds the local agents it lacks, and writes what client.keys lacks.
    /// Returns the number of lines added or marked removed.
    /// </summary>
    public int Synchronise()
    {
        lock (_gate)
        {
            var rows = ReadAll(0);
            var known = new HashSet<string>(rows.Select(r => r.Id), StringComparer.Ordinal);
            var local = _store.Load().Entries.Where(e => !known.Contains(e.Id)).ToList();
            if (local.Count > 0)
            {
                var imported = _registry.Import(local);
                _log.Information("Agent registry: {Count} agents of client.keys added to the registry.", imported);
                rows.AddRange(ReadAll(rows.Count == 0 ? 0 : rows.Max(r => r.Change)));
            }

            return Apply(rows);
        }
    }

    /// <summary>Applies the rows changed since the last applied one (after a notification or a reconnect).</summary>
    public int CatchUp()
    {
        lock (_gate)
        {
            return Apply(ReadAll(_applied));
        }
    }

    private List<RegisteredAgent> ReadAll(long after)
    {
        var rows = new List<RegisteredAgent>();
        while (true)
        {
            var page = _registry.ChangesSince(after);
            rows.AddRange(page);
            if (page.Count == 0 || page.Count < 20_000)
            {
                return rows;
            }

            after = page[^1].Change;
        }
    }

    private int Apply(List<RegisteredAgent> rows)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        // The latest row of each id wins (a page may hold an addition and its removal).
        var latest = new Dictionary<string, RegisteredAgent>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            latest[row.Id] = row;
        }

        var written = _store.Update(tx =>
        {
            var count = 0;
            foreach (var row in latest.Values)
            {
                var live = tx.FindById(row.Id);
                if (row.Removed)
                {
                    if (live is not null && tx.Remove(row.Id) == KeyValidationError.None)
                    {
                        count++;
                    }
                }
                else if (live is null)
                {
                    if (!tx.IsIdUsed(row.Id) && KeyIp.TryParse(row.IpField, out var ip)
                        && tx.AddRecovered(new KeyEntry(row.Id, row.Name, ip, row.Key)))
                    {
                        count++;
                    }
                    else
                    {
                        _log.Error("Agent registry: agent {Id:l} ({Name:l}) cannot be written to client.keys: its id is used by a removed line there.",
                            row.Id, row.Name);
                    }
                }
                else if (!string.Equals(live.Key, row.Key, StringComparison.Ordinal) || !string.Equals(live.Name, row.Name, StringComparison.Ordinal))
                {
                    _log.Error("Agent registry: agent {Id:l} differs between the registry ({Name:l}) and client.keys ({LocalName:l}); the registry's key is not applied.",
                        row.Id, row.Name, live.Name);
                }
            }

            return count;
        });

        Volatile.Write(ref _applied, Math.Max(_applied, rows.Max(r => r.Change)));
        return written;
    }
}
