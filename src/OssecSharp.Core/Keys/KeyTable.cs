using System.Globalization;
using System.Net;

namespace OssecSharp.Core.Keys;

/// <summary>
/// An immutable snapshot of client.keys with O(1) lookups. Duplicates: the first entry in file order wins.
/// </summary>
public sealed partial class KeyTable
{
    /// <summary>authd allocates ids from here upward (enrollment.md §4).</summary>
    public const long FirstAuthdId = 1024;

    private readonly KeyEntry[] _entries;
    private readonly Dictionary<string, KeyEntry> _byId;
    private readonly Dictionary<string, KeyEntry> _byName;
    private readonly Dictionary<string, KeyEntry> _byIpString;
    // Ids of removed or unreadable lines; live ids are the keys of _byId (no second set of 100,000 strings).
    private readonly HashSet<string> _otherUsedIds;
    private readonly HashSet<long> _authdUsed;
    private readonly long _highestManageAgentsId;

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
        _byId = new Dictionary<string, KeyEntry>(_entries.Length, StringComparer.Ordinal);
        _byName = new Dictionary<string, KeyEntry>(_entries.Length, StringComparer.Ordinal);
        _byIpString = new Dictionary<string, KeyEntry>(_entries.Length, StringComparer.Ordinal);
        _otherUsedIds = new HashSet<string>(StringComparer.Ordinal);
        _authdUsed = new HashSet<long>(_entries.Length);
        foreach (var entry in _entries)
        {
            _byId.TryAdd(entry.Id, entry);
            _byName.TryAdd(entry.Name, entry);
            if (!entry.Ip.IsAny)
            {
                _byIpString.TryAdd(entry.IpString, entry);
            }

            NoteNumeric(entry.Id, ref _highestManageAgentsId);
        }

        foreach (var gone in removed ?? [])
        {
            // Both removed forms keep their id used: ids are never reused, so a stale queue/rids counter or
            // agent-info file can never be inherited by a new agent (OSSEC's REUSE_ID builds would free them).
            NoteUsed(gone.Id, ref _highestManageAgentsId);
        }

        foreach (var id in invalidIpIds ?? [])
        {
            NoteUsed(id, ref _highestManageAgentsId);
        }
    }

    /// <summary>An empty table.</summary>
    public static KeyTable Empty { get; } = new([]);

    /// <summary>Live entries in file order.</summary>
    public IReadOnlyList<KeyEntry> Entries => _entries;

    /// <summary>Number of live entries.</summary>
    public int Count => _entries.Length;

    /// <summary>Problems found when the file was parsed.</summary>
    public IReadOnlyList<KeyLoadProblem> Problems { get; }

    /// <summary>Parses and indexes client.keys content.</summary>
    public static KeyTable Parse(string text) => new(KeyFileParser.Parse(text));

    /// <summary>The first live entry with this id.</summary>
    public KeyEntry? FindById(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The first live entry with this name.</summary>
    public KeyEntry? FindByName(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The first live entry whose ip string equals <paramref name="ipString"/> exactly (<c>any</c> never matches).</summary>
    public KeyEntry? FindByIpString(string ipString) => _byIpString.GetValueOrDefault(ipString);

    /// <summary>Whether a live or removed line uses this id (string compare).</summary>
    public bool IsIdUsed(string id) => _byId.ContainsKey(id) || _otherUsedIds.Contains(id);

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
        var next = _highestManageAgentsId + 1;
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
        while (_authdUsed.Contains(id))
        {
            id++;
        }

        _authdFreeFrom = id;
        return id;
    }

    /// <summary>Whether authd must skip this numeric id (a live or removed line has it, in any zero-padding).</summary>
    public bool IsAuthdIdUsed(long id) => _authdUsed.Contains(id);

    /// <summary>The highest id written as manage_agents formats ids (<c>%03d</c>), or 0.</summary>
    public long HighestManageAgentsId => _highestManageAgentsId;

    private void NoteUsed(string id, ref long highest)
    {
        _otherUsedIds.Add(id);
        NoteNumeric(id, ref highest);
    }

    private void NoteNumeric(string id, ref long highest)
    {
        if (id.Length is 0 or > 18 || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return;
        }

        _authdUsed.Add(n);
        if (n > highest && IsManageAgentsForm(id))
        {
            highest = n;
        }
    }

    /// <summary>
    /// Whether a digit string is "%03d" of its value (manage_agents matches that form only, so "0042" or
    /// "00000042" do not count as 42): exactly 3 digits, or more without a leading zero. No allocation.
    /// </summary>
    internal static bool IsManageAgentsForm(string digits) => digits.Length == 3 || (digits.Length > 3 && digits[0] != '0');
}
