namespace OssecSharp.Core.Keys;

/// <summary>
/// The enrollment journal. Rewriting a client.keys of 100,000 agents costs tens of milliseconds, too much per
/// batch of enrollments, so ossec-authd appends each batch's new lines to <c>client.keys.journal</c> (one write and
/// one fsync under the store's lock, before any key is sent) and folds the journal into client.keys with the usual
/// atomic rewrite a little later (<see cref="CompactJournal"/>). client.keys itself is still only ever replaced
/// whole. Every other writer folds a non-empty journal first, under the same lock, so no change can lose a
/// journaled agent, and every reader of this store sees client.keys plus the journal as one table.
/// A crash between a rewrite and the truncation of the journal leaves lines that client.keys already holds: ids are
/// never reused, so a journaled line whose id is used in client.keys is skipped.
/// </summary>
public sealed partial class KeyStore
{
    private volatile KeyJournalView? _journal;

    /// <summary>The enrollment journal next to client.keys.</summary>
    public string JournalPath => FilePath + ".journal";

    /// <summary>Size in bytes of client.keys as this process last read or wrote it (0 before the first look).</summary>
    public long CachedLength => _image?.Bytes.Count ?? 0;

    /// <summary>Number of journaled agents not folded into client.keys yet (as this process last saw them).</summary>
    public int JournalBacklog => _journal?.Entries.Count ?? 0;

    /// <summary>
    /// Runs <paramref name="body"/> under the lock on the current table (client.keys plus journal) and appends the
    /// agents it added to the journal, durably, without rewriting client.keys. Only additions are allowed.
    /// </summary>
    public T UpdateJournaled<T>(Func<KeyTransaction, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var lockStream = AcquireLock();
        var (image, journal) = CurrentState();
        var tx = new KeyTransaction(image, journal.Entries);
        var result = body(tx);
        if (tx.HasLineChanges)
        {
            throw new InvalidOperationException("A journaled transaction may only add agents.");
        }

        if (tx.Added.Count > journal.Entries.Count)
        {
            var added = tx.Added.Skip(journal.Entries.Count).ToList();
            var stamp = KeyJournalFile.Append(JournalPath, added, KeyFileMode());
            _journal = new KeyJournalView(stamp, image.Stamp, [.. tx.Added]);
        }

        return result;
    }

    /// <summary>
    /// Folds the journal into client.keys (one atomic rewrite, then the journal is emptied). Returns the number of
    /// agents folded; 0 when the journal was empty (nothing is written then).
    /// </summary>
    public int CompactJournal()
    {
        using var lockStream = AcquireLock();
        var (image, journal) = CurrentState();
        if (journal.IsEmpty)
        {
            if (journal.JournalStamp.Length > 0)
            {
                // Only lines client.keys already holds (a crash after a rewrite): drop them, so a line removed from
                // client.keys by hand later can never come back from here.
                _journal = new KeyJournalView(KeyJournalFile.Truncate(JournalPath), image.Stamp, []);
            }

            return 0;
        }

        Compact(image, journal);
        return journal.Entries.Count;
    }

    // Under the lock: client.keys rewritten with the journal's entries appended, then the journal emptied.
    private KeyFileImage Compact(KeyFileImage image, KeyJournalView journal)
    {
        var folded = new KeyTransaction(image, journal.Entries).Render(WriteAtomically);
        _image = folded;
        var journalStamp = KeyJournalFile.Truncate(JournalPath);
        _journal = new KeyJournalView(journalStamp, folded.Stamp, []);
        return folded;
    }

    // The journal is read before client.keys is looked at: a compaction in between then shows its entries in both
    // (skipped as already there), never in neither.
    private (KeyFileImage Image, KeyJournalView Journal) CurrentState()
    {
        var journalStamp = KeyFileStamp.Of(JournalPath);
        var cached = _journal;
        if (cached is not null && cached.JournalStamp == journalStamp && journalStamp.Exists)
        {
            var image = CurrentImage();
            if (image.Stamp == cached.BaseStamp)
            {
                return (image, cached);
            }
        }

        if (!journalStamp.Exists || journalStamp.Length == 0)
        {
            var image = CurrentImage();
            var empty = new KeyJournalView(journalStamp, image.Stamp, []);
            _journal = empty;
            return (image, empty);
        }

        var (bytes, stamp) = KeyJournalFile.Read(JournalPath);
        var current = CurrentImage();
        var view = new KeyJournalView(stamp, current.Stamp, Pending(current.Table, bytes));
        _journal = view;
        return (current, view);
    }

    // The journal's entries that client.keys does not hold yet (first of any repeated id), without file offsets.
    private static List<KeyEntry> Pending(KeyTable file, byte[] journal)
    {
        var pending = new List<KeyEntry>();
        if (journal.Length == 0)
        {
            return pending;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in KeyFileParser.Parse(journal).Entries)
        {
            if (!file.IsIdUsed(e.Id) && seen.Add(e.Id))
            {
                pending.Add(new KeyEntry(e.Id, e.Name, e.Ip, e.Key));
            }
        }

        return pending;
    }
}
