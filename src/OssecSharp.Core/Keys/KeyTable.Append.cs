namespace OssecSharp.Core.Keys;

/// <summary>The next snapshot after lines were appended, built without re-parsing the file.</summary>
public sealed partial class KeyTable
{
    // Copying the indexes (the Dictionary/HashSet copy constructors move their arrays in bulk) costs a fraction
    // of parsing 100,000 lines again; the snapshot this one came from stays untouched for its readers.
    private KeyTable(KeyTable previous, IReadOnlyList<KeyEntry> appended)
    {
        _entries = new KeyEntry[previous._entries.Length + appended.Count];
        previous._entries.CopyTo(_entries, 0);
        Problems = previous.Problems;
        _byId = new Dictionary<string, KeyEntry>(previous._byId, StringComparer.Ordinal);
        _byName = new Dictionary<string, KeyEntry>(previous._byName, StringComparer.Ordinal);
        _byIpString = new Dictionary<string, KeyEntry>(previous._byIpString, StringComparer.Ordinal);
        _otherUsedIds = new HashSet<string>(previous._otherUsedIds, StringComparer.Ordinal);
        _authdUsed = new HashSet<long>(previous._authdUsed);
        _highestManageAgentsId = previous._highestManageAgentsId;
        _authdFreeFrom = previous._authdFreeFrom;
        var index = previous._entries.Length;
        foreach (var entry in appended)
        {
            _entries[index++] = entry;
            _byId.TryAdd(entry.Id, entry);
            _byName.TryAdd(entry.Name, entry);
            if (!entry.Ip.IsAny)
            {
                _byIpString.TryAdd(entry.IpString, entry);
            }

            NoteNumeric(entry.Id, ref _highestManageAgentsId);
        }
    }

    /// <summary>This table plus <paramref name="appended"/> (entries of lines added at the end of the file).</summary>
    internal KeyTable WithAppended(IReadOnlyList<KeyEntry> appended) => appended.Count == 0 ? this : new(this, appended);
}
