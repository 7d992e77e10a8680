namespace OssecSharp.Core.Keys;

/// <summary>
/// Upgrade from an older OssecSharp, whose authd appended enrollments to <c>etc/client.keys.journal</c> and folded
/// them into client.keys later: a journal left behind is folded once (its agents appended under the lock, skipping ids
/// client.keys has already), then deleted. authd does it at start while still root, manage_agents before a change.
/// </summary>
public sealed partial class KeyStore
{
    /// <summary>The enrollment journal of older versions.</summary>
    public string LegacyJournalPath => FilePath + ".journal";

    /// <summary>
    /// Folds a leftover journal into client.keys and deletes it; returns the number of agents appended (0, and
    /// nothing written, when there is no journal).
    /// </summary>
    public int FoldLegacyJournal()
    {
        if (!File.Exists(LegacyJournalPath))
        {
            return 0;
        }

        var folded = Update(tx =>
        {
            var bytes = StampedFileRead.Read(LegacyJournalPath) is var (b, _) ? b : [];

            // A torn last line was never acknowledged.
            var complete = bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1);
            return KeyFileParser.Parse(complete).Entries.Count(tx.AddRecovered);
        });

        RetireLegacyJournal();
        return folded;
    }

    // Deleting needs write access to etc/ (root); otherwise it is emptied. One that stays is harmless: every id it
    // holds is used in client.keys now, so a second fold adds nothing.
    private void RetireLegacyJournal()
    {
        try
        {
            File.Delete(LegacyJournalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                using var journal = new FileStream(LegacyJournalPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                journal.SetLength(0);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                // Left as it is (see above).
            }
        }
    }
}
