namespace OssecSharp.ManageAgents.Store;

/// <summary>An immutable snapshot of client.keys with the lookups manage_agents' dialogs make.</summary>
internal sealed class AgentKeysView
{
    private readonly Dictionary<string, AgentLine> _liveById;
    private readonly Dictionary<string, AgentLine> _liveByName;
    private readonly Dictionary<string, AgentLine> _liveByIpField;
    private readonly HashSet<string> _usedIds;
    private readonly Dictionary<string, string> _rawLineById;
    private readonly string _defaultId;

    public AgentKeysView(
        IReadOnlyList<AgentLine> live, IEnumerable<string> usedIds, IReadOnlyDictionary<string, string> rawLineById, string defaultId)
    {
        Live = live;
        _liveById = new Dictionary<string, AgentLine>(live.Count, StringComparer.Ordinal);
        _liveByName = new Dictionary<string, AgentLine>(live.Count, StringComparer.Ordinal);
        _liveByIpField = new Dictionary<string, AgentLine>(live.Count, StringComparer.Ordinal);
        foreach (var line in live)
        {
            _liveById.TryAdd(line.Id, line);
            _liveByName.TryAdd(line.Name, line);
            _liveByIpField.TryAdd(line.IpField, line);
        }

        _usedIds = new HashSet<string>(usedIds, StringComparer.Ordinal);
        _rawLineById = new Dictionary<string, string>(rawLineById, StringComparer.Ordinal);
        _defaultId = defaultId;
    }

    /// <summary>Live entries in file order.</summary>
    public IReadOnlyList<AgentLine> Live { get; }

    /// <summary>IDExist(): a live or removed line uses this id.</summary>
    public bool IdExists(string id) => _usedIds.Contains(id);

    /// <summary>The first live entry with this id.</summary>
    public AgentLine? FindLive(string id) => _liveById.GetValueOrDefault(id);

    /// <summary>NameExist(): a live entry has this name.</summary>
    public bool NameExists(string name) => _liveByName.ContainsKey(name);

    /// <summary>
    /// IPExist(): the live entry whose ip field equals <paramref name="ipField"/>; <c>any</c> and CIDR forms never
    /// count as duplicates (manage-agents.md §2).
    /// </summary>
    public AgentLine? FindDuplicateIp(string ipField) =>
        ipField.StartsWith("any", StringComparison.Ordinal) || ipField.Contains('/', StringComparison.Ordinal)
            ? null
            : _liveByIpField.GetValueOrDefault(ipField);

    /// <summary>The default id offered by the add dialog: highest <c>%03d</c> id plus one.</summary>
    public string DefaultId() => _defaultId;

    /// <summary>The client.keys line of a live entry, as stored (for extraction).</summary>
    public string? RawLine(string id) => _liveById.ContainsKey(id) ? _rawLineById.GetValueOrDefault(id) : null;
}
