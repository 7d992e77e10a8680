namespace OssecSharp.Core.Keys;

/// <summary>
/// The entries of client.keys.journal that the client.keys it was read against does not hold yet, in journal order.
/// Immutable; only valid while both files keep the stamps it records.
/// </summary>
internal sealed class KeyJournalView
{
    private KeyTable? _combined;

    public KeyJournalView(KeyFileStamp journalStamp, KeyFileStamp baseStamp, IReadOnlyList<KeyEntry> entries)
    {
        JournalStamp = journalStamp;
        BaseStamp = baseStamp;
        Entries = entries;
    }

    /// <summary>The journal's stamp when it was read or last written by this process.</summary>
    public KeyFileStamp JournalStamp { get; }

    /// <summary>The stamp of the client.keys these entries are pending against.</summary>
    public KeyFileStamp BaseStamp { get; }

    /// <summary>Entries not in client.keys yet (entries of the file's table, not lines of it: no offsets).</summary>
    public IReadOnlyList<KeyEntry> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>The file's table with these entries after its own ones, built once.</summary>
    public KeyTable Combine(KeyTable file)
    {
        if (IsEmpty)
        {
            return file;
        }

        return _combined ?? LazyInitializer.EnsureInitialized(ref _combined, () => file.WithAppended(Entries));
    }
}
