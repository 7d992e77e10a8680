namespace OssecSharp.Core.Keys;

/// <summary>The next snapshot after lines were appended, built without re-parsing the file.</summary>
public sealed partial class KeyTable
{
    // Indexes already built are copied (the Dictionary/HashSet copy constructors move their arrays in bulk, a
    // fraction of the cost of parsing 100,000 lines again); the others stay lazy. The snapshot this one came
    // from stays untouched for its readers.
    private KeyTable(KeyTable previous, IReadOnlyList<KeyEntry> appended)
    {
        _entries = [.. previous._entries, .. appended];
        _otherIds = previous._otherIds;
        Problems = previous.Problems;
        _byId = Extend(previous._byId, appended, e => e.Id);
        _byName = Extend(previous._byName, appended, e => e.Name);
        _byIpString = Extend(previous._byIpString, appended, e => e.Ip.IsAny ? null : e.IpString);
        _ids = previous._ids?.With(appended);
        _authdFreeFrom = previous._authdFreeFrom;
    }

    /// <summary>This table plus <paramref name="appended"/> (entries of lines added at the end of the file).</summary>
    internal KeyTable WithAppended(IReadOnlyList<KeyEntry> appended) => appended.Count == 0 ? this : new(this, appended);

    private static Dictionary<string, KeyEntry>? Extend(
        Dictionary<string, KeyEntry>? index, IReadOnlyList<KeyEntry> appended, Func<KeyEntry, string?> keyOf) =>
        index is null ? null : AddTo(new Dictionary<string, KeyEntry>(index, StringComparer.Ordinal), appended, keyOf);
}
