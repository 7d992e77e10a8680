namespace OssecSharp.Core.Keys;

/// <summary>agent-auth's write: the whole file becomes the one key received from the manager.</summary>
public sealed partial class KeyStore
{
    /// <summary>
    /// Replaces client.keys by the single <paramref name="line"/> (OSSEC's agent-auth overwrites the file with
    /// exactly <c>id name ip key\n</c>), under the lock and atomically like every other change.
    /// </summary>
    public void OverwriteWithSingleEntry(string line)
    {
        ArgumentException.ThrowIfNullOrEmpty(line);
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("One line without newline expected.", nameof(line));
        }

        using var lockStream = AcquireLock();
        // The cached image keeps the old file's stamp, so the next transaction sees the new inode and re-reads.
        WriteAtomically(new ArraySegment<byte>(System.Text.Encoding.Latin1.GetBytes(line + "\n")));

        // Nothing journaled may come back on top of the one key.
        KeyJournalFile.Truncate(JournalPath);
    }
}
