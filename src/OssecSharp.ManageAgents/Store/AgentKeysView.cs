using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// A snapshot of client.keys with the lookups manage_agents' dialogs make: over Core's <see cref="KeyTable"/>
/// (interactive runs), or over a <see cref="KeyTransaction"/> (a scripted run, whose lookups scan the file's bytes
/// instead of indexing 50,000 lines, and see the transaction's own changes).
/// </summary>
internal sealed class AgentKeysView
{
    private readonly Func<string, KeyEntry?> _findById;
    private readonly Func<string, KeyEntry?> _findByName;
    private readonly Func<string, KeyEntry?> _findByIpString;
    private readonly Func<string, bool> _isIdUsed;
    private readonly Func<string> _nextId;
    private readonly Func<KeyTable> _table;
    private IReadOnlyList<AgentLine>? _live;

    public AgentKeysView(KeyTable table)
    {
        _findById = table.FindById;
        _findByName = table.FindByName;
        _findByIpString = table.FindByIpString;
        _isIdUsed = table.IsIdUsed;
        _nextId = table.NextManageAgentsId;
        _table = () => table;
    }

    public AgentKeysView(KeyTransaction tx)
    {
        _findById = tx.FindById;
        _findByName = tx.FindByName;
        _findByIpString = tx.FindByIpString;
        _isIdUsed = tx.IsIdUsed;
        _nextId = tx.NextManageAgentsId;
        _table = () => tx.Table;
    }

    /// <summary>Live entries in file order (built on first use).</summary>
    public IReadOnlyList<AgentLine> Live => _live ??= [.. _table().Entries.Select(ToLine)];

    public static AgentLine ToLine(KeyEntry entry) => new(entry.Id, entry.Name, entry.IpField, entry.IpString);

    /// <summary>IDExist(): a live or removed line uses this id.</summary>
    public bool IdExists(string id) => _isIdUsed(id);

    /// <summary>The first live entry with this id.</summary>
    public AgentLine? FindLive(string id) => _findById(id) is { } entry ? ToLine(entry) : null;

    /// <summary>NameExist(): a live entry has this name.</summary>
    public bool NameExists(string name) => _findByName(name) is not null;

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

        return _findByIpString(ipField) is { } entry && string.Equals(entry.IpField, ipField, StringComparison.Ordinal)
            ? ToLine(entry)
            : null;
    }

    /// <summary>The default id offered by the add dialog: highest <c>%03d</c> id plus one.</summary>
    public string DefaultId() => _nextId();
}
