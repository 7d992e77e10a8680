using System.Globalization;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Changes to client.keys made under the store's lock, against the file as re-read after locking.
/// Written in one atomic rewrite when the <see cref="KeyStore.Update{T}(Func{KeyTransaction, T})"/> body returns.
/// Lookups see the changes already made in this transaction.
/// </summary>
public sealed class KeyTransaction
{
    private readonly KeyFileImage _original;
    private readonly List<KeyEntry> _added = [];
    private readonly Dictionary<string, KeyEntry> _addedById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyEntry> _addedByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyEntry> _addedByIp = new(StringComparer.Ordinal);
    private readonly HashSet<long> _addedNumericIds = [];
    // Keyed by the byte offset of the physical line they replace.
    private readonly SortedDictionary<int, string> _lineReplacements = [];
    private readonly HashSet<string> _removedLiveIds = new(StringComparer.Ordinal);
    private long _addedHighestManageAgentsId;
    private long _nextAuthdCandidate;

    internal KeyTransaction(KeyFileImage original)
        : this(original, [])
    {
    }

    /// <summary>
    /// A transaction over <paramref name="original"/> in which <paramref name="pending"/> (journaled agents not in the
    /// file yet) count as already added: lookups and id allocation see them, and a rewrite appends them.
    /// </summary>
    internal KeyTransaction(KeyFileImage original, IReadOnlyList<KeyEntry> pending)
    {
        _original = original;
        Table = original.Table;
        _nextAuthdCandidate = Table.LowestFreeAuthdId();
        foreach (var entry in pending)
        {
            Track(entry);
        }
    }

    /// <summary>The file as it was when the lock was taken.</summary>
    public KeyTable Table { get; }

    /// <summary>Entries added so far in this transaction.</summary>
    public IReadOnlyList<KeyEntry> Added => _added;

    /// <summary>True when something will be written.</summary>
    public bool HasChanges => _added.Count > 0 || _lineReplacements.Count > 0;

    /// <summary>True when a line of the file is removed or replaced (a journal can only carry additions).</summary>
    internal bool HasLineChanges => _lineReplacements.Count > 0;

    /// <summary>The live entry with this id (removals and additions of this transaction applied).</summary>
    public KeyEntry? FindById(string id) =>
        _addedById.GetValueOrDefault(id) ?? (_removedLiveIds.Contains(id) ? null : Table.FindById(id));

    /// <summary>The live entry with this name.</summary>
    public KeyEntry? FindByName(string name)
    {
        var entry = _addedByName.GetValueOrDefault(name) ?? Table.FindByName(name);
        return entry is not null && IsLive(entry) ? entry : null;
    }

    /// <summary>The live entry whose ip string is exactly <paramref name="ipString"/> (never for <c>any</c>).</summary>
    public KeyEntry? FindByIpString(string ipString)
    {
        var entry = _addedByIp.GetValueOrDefault(ipString) ?? Table.FindByIpString(ipString);
        return entry is not null && IsLive(entry) ? entry : null;
    }

    /// <summary>Whether a live or removed line (or an addition of this transaction) uses the id.</summary>
    public bool IsIdUsed(string id) => Table.IsIdUsed(id) || _addedById.ContainsKey(id);

    /// <summary>manage_agents' default id, counting this transaction's additions.</summary>
    public string NextManageAgentsId()
    {
        var next = Math.Max(Table.HighestManageAgentsId, _addedHighestManageAgentsId) + 1;
        while (IsIdUsed(AgentNameRules.FormatManageAgentsId(next)))
        {
            next++;
        }

        return AgentNameRules.FormatManageAgentsId(next);
    }

    /// <summary>authd's id (smallest free from 1024), counting this transaction's additions.</summary>
    public string NextAuthdId()
    {
        while (Table.IsAuthdIdUsed(_nextAuthdCandidate) || _addedNumericIds.Contains(_nextAuthdCandidate))
        {
            _nextAuthdCandidate++;
        }

        return _nextAuthdCandidate.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// authd's duplicate-name rule (enrollment.md §4): the name if free, else <c>name2</c> … <c>name255</c>,
    /// else null.
    /// </summary>
    public string? FindFreeAuthdName(string name)
    {
        if (FindByName(name) is null)
        {
            return name;
        }

        for (var i = 2; i <= 255; i++)
        {
            var candidate = name + i.ToString(CultureInfo.InvariantCulture);
            if (FindByName(candidate) is null)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Validates and adds one entry; refusals are returned, never thrown.</summary>
    public KeyAddResult Add(KeyAddRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id ?? (request.Policy == KeyIdPolicy.Authd ? NextAuthdId() : NextManageAgentsId());
        var key = request.Key ?? KeyGenerator.NewKey();
        var error = AgentNameRules.Validate(id, request.Name, request.IpField, key);
        if (error != KeyValidationError.None)
        {
            return new KeyAddResult(error, null);
        }

        if (FindByName(request.Name) is { } sameName)
        {
            return new KeyAddResult(KeyValidationError.DuplicateName, null, sameName);
        }

        KeyIp.TryParse(request.IpField, out var ip);
        if (request.CheckDuplicateIp && !ip.IsAny && !ip.HasPrefixSuffix && FindByIpString(ip.IpString) is { } sameIp
            && !sameIp.Ip.HasPrefixSuffix)
        {
            return new KeyAddResult(KeyValidationError.DuplicateIp, null, sameIp);
        }

        if (IsIdUsed(id))
        {
            return new KeyAddResult(KeyValidationError.DuplicateId, null, FindById(id));
        }

        var entry = new KeyEntry(id, request.Name, ip, key);
        Track(entry);
        return new KeyAddResult(KeyValidationError.None, entry);
    }

    private void Track(KeyEntry entry)
    {
        var id = entry.Id;
        var ip = entry.Ip;
        _added.Add(entry);
        _addedById[id] = entry;
        _addedByName.TryAdd(entry.Name, entry);
        if (!ip.IsAny)
        {
            _addedByIp.TryAdd(entry.IpString, entry);
        }

        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            _addedNumericIds.Add(n);
            if (string.Equals(AgentNameRules.FormatManageAgentsId(n), id, StringComparison.Ordinal))
            {
                _addedHighestManageAgentsId = Math.Max(_addedHighestManageAgentsId, n);
            }
        }
    }

    /// <summary>
    /// Removes the live entry with this id by overwriting its line with <c>&lt;id&gt; #*#*…#</c> and no key
    /// material; the id stays used. Only entries present when the transaction began can be removed.
    /// </summary>
    public KeyValidationError Remove(string id)
    {
        var entry = Table.FindById(id);
        if (entry is null || _removedLiveIds.Contains(id) || entry.LineStart < 0)
        {
            return KeyValidationError.NotFound;
        }

        _removedLiveIds.Add(id);
        _lineReplacements[entry.LineStart] = id + " " + KeyFileParser.RemovedMarker;
        return KeyValidationError.None;
    }

    /// <summary>Rewrites the line of a live entry in place (same id) with a new name, ip field or key.</summary>
    public KeyValidationError Replace(string id, string name, string ipField, string key)
    {
        var entry = Table.FindById(id);
        if (entry is null || _removedLiveIds.Contains(id) || entry.LineStart < 0)
        {
            return KeyValidationError.NotFound;
        }

        var error = AgentNameRules.Validate(id, name, ipField, key);
        if (error != KeyValidationError.None)
        {
            return error;
        }

        if (FindByName(name) is { } other && !ReferenceEquals(other, entry))
        {
            return KeyValidationError.DuplicateName;
        }

        _lineReplacements[entry.LineStart] = string.Concat(id, " ", name, " ", ipField, " ", key);
        return KeyValidationError.None;
    }

    /// <summary>The complete new file and the snapshot of it (what the store caches once it is on disk).</summary>
    internal KeyFileImage Render(Func<ArraySegment<byte>, KeyFileStamp> write) => new KeyFileRenderer(_original, _lineReplacements, _added).Commit(write);

    private bool IsLive(KeyEntry entry) =>
        entry.LineStart < 0 || !_removedLiveIds.Contains(entry.Id) || !ReferenceEquals(Table.FindById(entry.Id), entry);
}
