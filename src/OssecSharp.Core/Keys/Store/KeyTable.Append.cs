namespace OssecSharp.Core.Keys;

/// <summary>The next snapshot after lines were appended, built without re-parsing the file.</summary>
public sealed partial class KeyTable
{
    // An appended snapshot is a full table (shared, untouched) plus the entries appended since it, indexed on their
    // own. Copying the full indexes at every append cost authd O(registered agents) per batch of enrollments (four
    // 100,000-entry copies, megabytes of large-object garbage, at 100,000 agents); now a batch copies only the
    // appended entries, and they are folded into a new full table once they pass Fold(n), which keeps both the
    // per-batch copy and the amortised fold at O(√n) entries per enrollment. Lookups stay two hash probes.
    private KeyTable(KeyTable fullBase, KeyTable? previous, IReadOnlyList<KeyEntry> appended)
    {
        _base = fullBase;
        _entries = [.. previous?._entries ?? [], .. appended];
        _otherIds = [];
        Problems = fullBase.Problems;
        _byId = Extend(previous?._byId, appended, e => e.Id);
        _byName = Extend(previous?._byName, appended, e => e.Name);
        _byIpString = Extend(previous?._byIpString, appended, e => e.Ip.IsAny ? null : e.IpString);
        _ids = previous?._ids?.With(appended);
        _authdFreeFrom = Math.Max(fullBase._authdFreeFrom, previous?._authdFreeFrom ?? FirstAuthdId);
    }

    // The fold: a new full table, the old full one's entries and indexes (copied where built) plus the appended entries.
    private KeyTable(KeyTable full, IReadOnlyList<KeyEntry> appended, KeyTable? from)
    {
        _entries = [.. full._entries, .. appended];
        _otherIds = full._otherIds;
        Problems = full.Problems;
        _byId = ExtendFull(full._byId, appended, e => e.Id);
        _byName = ExtendFull(full._byName, appended, e => e.Name);
        _byIpString = ExtendFull(full._byIpString, appended, e => e.Ip.IsAny ? null : e.IpString);
        _ids = full._ids?.With(appended);
        _authdFreeFrom = Math.Max(full._authdFreeFrom, from?._authdFreeFrom ?? FirstAuthdId);
    }

    /// <summary>This table plus <paramref name="appended"/> (entries of lines added at the end of the file).</summary>
    internal KeyTable WithAppended(IReadOnlyList<KeyEntry> appended)
    {
        if (appended.Count == 0)
        {
            return this;
        }

        if (_base is null)
        {
            return new KeyTable(this, previous: null, appended);
        }

        return _entries.Length + appended.Count <= Fold(_base._entries.Length)
            ? new KeyTable(_base, this, appended)
            : new KeyTable(_base, [.. _entries, .. appended], this);
    }

    // Appended entries kept apart from a full table of n entries before they are folded into a new full one.
    private static int Fold(int n) => Math.Max(256, 4 * (int)Math.Sqrt(n));

    // The appended entries' index (a key also in the full table is shadowed by it: lookups ask the full table first).
    private static Dictionary<string, KeyEntry> Extend(
        Dictionary<string, KeyEntry>? index, IReadOnlyList<KeyEntry> appended, Func<KeyEntry, string?> keyOf) =>
        AddTo(index is null ? new Dictionary<string, KeyEntry>(StringComparer.Ordinal) : new Dictionary<string, KeyEntry>(index, StringComparer.Ordinal),
            appended, keyOf);

    private static Dictionary<string, KeyEntry>? ExtendFull(
        Dictionary<string, KeyEntry>? index, IReadOnlyList<KeyEntry> appended, Func<KeyEntry, string?> keyOf) =>
        index is null ? null : AddTo(new Dictionary<string, KeyEntry>(index, StringComparer.Ordinal), appended, keyOf);
}
