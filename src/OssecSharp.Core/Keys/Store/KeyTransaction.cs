using System.Globalization;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Changes to client.keys made under the store's lock, against the file as re-read after locking.
/// Written when the <see cref="KeyStore.Update{T}(Func{KeyTransaction, T})"/> body returns: removal markers in place,
/// additions appended in one write, one fsync.
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
    // Removal markers, keyed by the byte offset of the physical line they are written over.
    private readonly SortedDictionary<int, string> _lineReplacements = [];
    private readonly HashSet<string> _removedLiveIds = new(StringComparer.Ordinal);

    // Offsets of the physical lines removed in this transaction: their entries are no longer live.
    private readonly HashSet<int> _removedLines = [];
    private readonly KeyFileLookup _lookup;
    private long _addedHighestManageAgentsId;
    private long _nextAuthdCandidate = -1;

    /// <summary>
    /// A transaction over <paramref name="original"/>. With <paramref name="preferScans"/> (a one-shot writer) lookups
    /// scan the file's bytes rather than build its table (<see cref="KeyFileLookup"/>).
    /// </summary>
    internal KeyTransaction(KeyFileImage original, bool preferScans = false)
    {
        _original = original;
        _lookup = new KeyFileLookup(original, preferScans);
    }

    /// <summary>The file as it was when the lock was taken (parsed on first use).</summary>
    public KeyTable Table => _original.Table;

    /// <summary>The bytes of the file as it was when the lock was taken.</summary>
    public ArraySegment<byte> FileBytes => _original.Bytes;

    /// <summary>Entries added so far in this transaction.</summary>
    public IReadOnlyList<KeyEntry> Added => _added;

    /// <summary>True when something will be written.</summary>
    public bool HasChanges => _added.Count > 0 || _lineReplacements.Count > 0;

    /// <summary>The live entry with this id (removals and additions of this transaction applied).</summary>
    public KeyEntry? FindById(string id) =>
        _addedById.GetValueOrDefault(id) ?? (_removedLiveIds.Contains(id) ? null : _lookup.FindById(id));

    /// <summary>The live entry with this name.</summary>
    public KeyEntry? FindByName(string name)
    {
        var entry = _addedByName.GetValueOrDefault(name) ?? _lookup.FindByName(name);
        return entry is not null && IsLive(entry) ? entry : null;
    }

    /// <summary>The live entry whose ip string is exactly <paramref name="ipString"/> (never for <c>any</c>).</summary>
    public KeyEntry? FindByIpString(string ipString)
    {
        var entry = _addedByIp.GetValueOrDefault(ipString) ?? _lookup.FindByIpString(ipString);
        return entry is not null && IsLive(entry) ? entry : null;
    }

    /// <summary>Whether a live or removed line (or an addition of this transaction) uses the id.</summary>
    public bool IsIdUsed(string id) => _addedById.ContainsKey(id) || _lookup.IsIdUsed(id);

    /// <summary>manage_agents' default id, counting this transaction's additions.</summary>
    public string NextManageAgentsId()
    {
        var next = Math.Max(_lookup.HighestManageAgentsId, _addedHighestManageAgentsId) + 1;
        while (IsIdUsed(AgentNameRules.FormatManageAgentsId(next)))
        {
            next++;
        }

        return AgentNameRules.FormatManageAgentsId(next);
    }

    /// <summary>authd's id (smallest free from 1024), counting this transaction's additions.</summary>
    public string NextAuthdId()
    {
        if (_nextAuthdCandidate < 0)
        {
            _nextAuthdCandidate = Table.LowestFreeAuthdId();
        }

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

        _ = KeyIp.TryParse(request.IpField, out var ip);
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
        var entry = _lookup.FindById(id);
        if (entry is null || _removedLiveIds.Contains(id) || entry.LineStart < 0)
        {
            return KeyValidationError.NotFound;
        }

        _removedLiveIds.Add(id);
        _removedLines.Add(entry.LineStart);
        // The line keeps its "<id> "; the rest becomes the marker (KeyFileRenderer).
        _lineReplacements[entry.LineStart] = id + " ";
        return KeyValidationError.None;
    }

    /// <summary>
    /// Appends an entry read from elsewhere as it is (the journal of an older OssecSharp), unless its id is used
    /// already; true when added.
    /// </summary>
    internal bool AddRecovered(KeyEntry entry)
    {
        if (IsIdUsed(entry.Id))
        {
            return false;
        }

        Track(new KeyEntry(entry.Id, entry.Name, entry.Ip, entry.Key));
        return true;
    }

    /// <summary>The complete new file and the snapshot of it (what the store caches once it is on disk).</summary>
    internal KeyFileImage Render(Func<KeyFileEdit, KeyFileStamp> write) => new KeyFileRenderer(_original, _lineReplacements, _added).Commit(write);

    // A line removed in this transaction holds no live entry any more (both chunks of an over-long line included).
    private bool IsLive(KeyEntry entry) => entry.LineStart < 0 || !_removedLines.Contains(entry.LineStart);
}
