using System.Globalization;
using System.Net;

namespace OssecSharp.Core.Keys;

/// <summary>
/// An immutable snapshot of client.keys with O(1) lookups. Duplicates: the first entry in file order wins. A snapshot
/// made by appending (<see cref="WithAppended"/>) shares the indexes of a full one (KeyTable.Append.cs).
/// </summary>
public sealed partial class KeyTable
{
    /// <summary>authd allocates ids from here upward (enrollment.md §4).</summary>
    public const long FirstAuthdId = 1024;

    // A full table: every live entry. An appended one (_base set): only the entries appended after _base.
    private readonly KeyEntry[] _entries;

    // Set on a snapshot made by WithAppended: a full table whose entries come first in file order. Lookups ask it
    // first, then this table's own indexes, which cover only the appended entries.
    private readonly KeyTable? _base;
    private KeyEntry[]? _all;

    // Ids of removed or unreadable lines: they stay used for allocation.
    private readonly string[] _otherIds;

    // The indexes are built on first use (and each at most once per snapshot, racing builders publish one):
    // a one-shot reader such as "manage_agents -l" or "-r" pays only for what it looks up.
    private Dictionary<string, KeyEntry>? _byId;
    private Dictionary<string, KeyEntry>? _byName;
    private Dictionary<string, KeyEntry>? _byIpString;
    private KeyIdIndex? _ids;

    // Every authd id in [1024, this) is known to be used: a memo (monotone, benign to race) so that a long run
    // of enrollments does not rescan the whole contiguous range at each NextAuthdId.
    private long _authdFreeFrom = FirstAuthdId;

    /// <summary>Builds a table from parsed file content.</summary>
    public KeyTable(KeyFileContent content)
        : this(content.Entries, content.Removed, content.InvalidIpIds, content.Problems)
    {
    }

    /// <summary>Builds a table from entries (file order) and the ids of removed or unreadable lines.</summary>
    public KeyTable(
        IEnumerable<KeyEntry> entries, IEnumerable<RemovedKeyId>? removed = null, IEnumerable<string>? invalidIpIds = null,
        IReadOnlyList<KeyLoadProblem>? problems = null)
    {
        _entries = [.. entries];
        Problems = problems ?? [];

        // Both removed forms keep their id used: ids are never reused, so a stale queue/rids counter or
        // agent-info file can never be inherited by a new agent (OSSEC's REUSE_ID builds would free them).
        _otherIds = [.. (removed ?? []).Select(r => r.Id), .. invalidIpIds ?? []];
    }

    /// <summary>An empty table.</summary>
    public static KeyTable Empty { get; } = new([]);

    /// <summary>Live entries in file order.</summary>
    public IReadOnlyList<KeyEntry> Entries => _base is null ? _entries : _all ?? LazyInitializer.EnsureInitialized(ref _all, () => [.. _base._entries, .. _entries]);

    /// <summary>Number of live entries.</summary>
    public int Count => (_base?._entries.Length ?? 0) + _entries.Length;

    /// <summary>Problems found when the file was parsed.</summary>
    public IReadOnlyList<KeyLoadProblem> Problems { get; }

    /// <summary>Parses and indexes client.keys content.</summary>
    public static KeyTable Parse(string text) => new(KeyFileParser.Parse(text));

    /// <summary>The first live entry with this id.</summary>
    public KeyEntry? FindById(string id) => _base?.FindById(id) ?? ById.GetValueOrDefault(id);

    /// <summary>The first live entry with this name.</summary>
    public KeyEntry? FindByName(string name) => _base?.FindByName(name) ?? ByName.GetValueOrDefault(name);

    /// <summary>The first live entry whose ip string equals <paramref name="ipString"/> exactly (<c>any</c> never matches).</summary>
    public KeyEntry? FindByIpString(string ipString) => _base?.FindByIpString(ipString) ?? ByIpString.GetValueOrDefault(ipString);

    /// <summary>Whether a live or removed line uses this id (string compare).</summary>
    public bool IsIdUsed(string id) => _base?.IsIdUsed(id) == true || ById.ContainsKey(id) || Ids.OtherUsed.Contains(id);

    /// <summary>
    /// remoted's agent lookup (keys-and-crypto.md §6.1): with an <c>!id!</c> prefix the id must exist and the
    /// source must fall inside its ip/prefix (<c>any</c> matches all); without, the source's text must equal an
    /// entry's ip string exactly.
    /// </summary>
    public KeyEntry? FindForSource(string? id, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source = KeyIp.Normalize(source);
        if (id is not null)
        {
            var entry = FindById(id);
            return entry is not null && entry.Ip.Contains(source) ? entry : null;
        }

        return FindByIpString(source.ToString());
    }

    /// <summary>
    /// manage_agents' default id: highest <c>%03d</c>-formatted id in the file (removed included) plus one, as
    /// <c>%03d</c>; <c>001</c> when there is none. No MAX_AGENTS cap.
    /// </summary>
    public string NextManageAgentsId()
    {
        var next = HighestManageAgentsId + 1;
        while (IsIdUsed(AgentNameRules.FormatManageAgentsId(next)))
        {
            next++;
        }

        return AgentNameRules.FormatManageAgentsId(next);
    }

    /// <summary>
    /// authd's id: the smallest integer from 1024 not used by a live or <c>NNN #*#*</c>-removed line, plain decimal.
    /// </summary>
    public string NextAuthdId() => LowestFreeAuthdId().ToString(CultureInfo.InvariantCulture);

    /// <summary>The smallest integer from 1024 that no live or removed line uses.</summary>
    internal long LowestFreeAuthdId()
    {
        var id = _authdFreeFrom;
        while (IsAuthdIdUsed(id))
        {
            id++;
        }

        _authdFreeFrom = id;
        return id;
    }

    /// <summary>Whether authd must skip this numeric id (a live or removed line has it, in any zero-padding).</summary>
    public bool IsAuthdIdUsed(long id) => _base?.IsAuthdIdUsed(id) == true || Ids.AuthdUsed.Contains(id);

    /// <summary>The highest id written as manage_agents formats ids (<c>%03d</c>), or 0.</summary>
    public long HighestManageAgentsId => Math.Max(_base?.HighestManageAgentsId ?? 0, Ids.HighestManageAgentsId);

    private Dictionary<string, KeyEntry> ById => _byId ?? LazyInitializer.EnsureInitialized(ref _byId, () => Index(e => e.Id));

    private Dictionary<string, KeyEntry> ByName => _byName ?? LazyInitializer.EnsureInitialized(ref _byName, () => Index(e => e.Name));

    private Dictionary<string, KeyEntry> ByIpString =>
        _byIpString ?? LazyInitializer.EnsureInitialized(ref _byIpString, () => Index(e => e.Ip.IsAny ? null : e.IpString));

    private KeyIdIndex Ids => _ids ?? LazyInitializer.EnsureInitialized(ref _ids, () => KeyIdIndex.Build(_entries, _otherIds));

    // First entry in file order wins; a null key leaves the entry out.
    private Dictionary<string, KeyEntry> Index(Func<KeyEntry, string?> keyOf) => AddTo(new(_entries.Length, StringComparer.Ordinal), _entries, keyOf);

    private static Dictionary<string, KeyEntry> AddTo(
        Dictionary<string, KeyEntry> index, IReadOnlyList<KeyEntry> entries, Func<KeyEntry, string?> keyOf)
    {
        foreach (var entry in entries)
        {
            if (keyOf(entry) is { } key)
            {
                index.TryAdd(key, entry);
            }
        }

        return index;
    }
}
