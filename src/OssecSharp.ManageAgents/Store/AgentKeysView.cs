using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>A snapshot of client.keys (Core's <see cref="KeyTable"/>) with the lookups manage_agents' dialogs make.</summary>
internal sealed class AgentKeysView
{
    private readonly KeyTable _table;

    public AgentKeysView(KeyTable table)
    {
        _table = table;
        Live = [.. table.Entries.Select(ToLine)];
    }

    /// <summary>Live entries in file order.</summary>
    public IReadOnlyList<AgentLine> Live { get; }

    public static AgentLine ToLine(KeyEntry entry) => new(entry.Id, entry.Name, entry.IpField, entry.IpString);

    /// <summary>IDExist(): a live or removed line uses this id.</summary>
    public bool IdExists(string id) => _table.IsIdUsed(id);

    /// <summary>The first live entry with this id.</summary>
    public AgentLine? FindLive(string id) => _table.FindById(id) is { } entry ? ToLine(entry) : null;

    /// <summary>NameExist(): a live entry has this name.</summary>
    public bool NameExists(string name) => _table.FindByName(name) is not null;

    /// <summary>
    /// IPExist(): the live entry whose ip field equals <paramref name="ipField"/>; <c>any</c> and CIDR forms never
    /// count as duplicates (manage-agents.md §2).
    /// </summary>
    public AgentLine? FindDuplicateIp(string ipField)
    {
        if (ipField.StartsWith("any", StringComparison.Ordinal) || ipField.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        return _table.FindByIpString(ipField) is { } entry && string.Equals(entry.IpField, ipField, StringComparison.Ordinal)
            ? ToLine(entry)
            : null;
    }

    /// <summary>The default id offered by the add dialog: highest <c>%03d</c> id plus one.</summary>
    public string DefaultId() => _table.NextManageAgentsId();

    /// <summary>The client.keys line of a live entry (for extraction).</summary>
    public string? RawLine(string id) => _table.FindById(id)?.ToLine();
}
