namespace OssecSharp.Core.Keys;

/// <summary>
/// Builds the new client.keys bytes from the old image without re-formatting it: a removed line gets OSSEC's marker
/// written over it in place (never past its end, so the bytes after it keep their offsets), new lines are appended,
/// after a newline when the old last line has none (a hand-edited file). After an append-only change the next table is the old one plus the new
/// entries (no re-parse); after a splice it is parsed from the new bytes when first needed.
/// </summary>
internal sealed class KeyFileRenderer
{
    private readonly KeyFileImage _original;
    private readonly SortedDictionary<int, string> _replacements;
    private readonly IReadOnlyList<KeyEntry> _added;

    public KeyFileRenderer(KeyFileImage original, SortedDictionary<int, string> replacements, IReadOnlyList<KeyEntry> added)
    {
        _original = original;
        _replacements = replacements;
        _added = added;
    }

    /// <summary>Renders, hands the edit to <paramref name="write"/> (which returns the written file's stamp).</summary>
    public KeyFileImage Commit(Func<KeyFileEdit, KeyFileStamp> write)
    {
        var old = _original.Bytes;
        var addedLines = new byte[_added.Count][];
        var size = old.Count > 0 && old[^1] != (byte)'\n' ? 1 : 0;
        for (var i = 0; i < _added.Count; i++)
        {
            addedLines[i] = KeyFileParser.FileEncoding.GetBytes(_added[i].ToLine());
            size += addedLines[i].Length + 1;
        }

        byte[] buffer;
        int length;
        if (_replacements.Count == 0 && old.Offset == 0 && _original.TryClaimTail(size))
        {
            // Append-only into the spare room of the old buffer: no copy of the unchanged lines at all.
            buffer = old.Array!;
            length = old.Count;
        }
        else
        {
            // Room for later appends (an enrollment storm adds a few lines per transaction).
            var needed = old.Count + size;
            buffer = new byte[needed + Math.Min(needed / 8, 4 << 20) + 4096];
            old.AsSpan().CopyTo(buffer);
            length = old.Count;
        }

        var patches = OverwriteMarkers(buffer, old.Count);

        if (length > 0 && buffer[length - 1] != (byte)'\n')
        {
            // Every line of the file ends with a newline once rewritten, the last one included.
            buffer[length++] = (byte)'\n';
        }

        var starts = new int[addedLines.Length];
        for (var i = 0; i < addedLines.Length; i++)
        {
            starts[i] = length;
            addedLines[i].CopyTo(buffer, length);
            length += addedLines[i].Length;
            buffer[length++] = (byte)'\n';
        }

        var bytes = new ArraySegment<byte>(buffer, 0, length);
        var stamp = write(new KeyFileEdit(bytes, old.Count, patches));
        var lines = _original.LineCount + _added.Count;
        // A table of the old file is extended only when it exists: building it here would cost a one-shot writer
        // the very parse it avoided, and a lazy reference to the old image would chain every image to its parent.
        if (_replacements.Count > 0 || !_original.HasTable || !_added.All(RereadsExactly))
        {
            return new KeyFileImage(bytes, lines, stamp, table: null);
        }

        var previous = _original.Table;
        var appended = Reread(starts);
        return new KeyFileImage(bytes, lines, stamp, () => previous.WithAppended(appended));
    }

    // Writes each removal as OSSEC's manage_agents does: the line's own "<id> ", then the 21-byte marker "#*#*…#" over
    // the start of the old name, in place (same length, so every later byte keeps its offset; the tail of the old line
    // stays, byte for byte as OSSEC leaves it). Unlike OSSEC, the marker never runs past the end of a short line into
    // the next one. Every reader, OSSEC's included, sees the byte after the first space is '#'. Returns the ranges written.
    private List<(int Offset, int Length)> OverwriteMarkers(byte[] buffer, int oldLength)
    {
        var patches = new List<(int, int)>(_replacements.Count);
        foreach (var (start, prefix) in _replacements)
        {
            var lineEnd = buffer.AsSpan(start, oldLength - start).IndexOf((byte)'\n');
            var lineLength = lineEnd < 0 ? oldLength - start : lineEnd;
            var line = buffer.AsSpan(start, lineLength);
            var kept = Math.Min(prefix.Length, lineLength);
            var end = Math.Min(line.Length, kept + KeyFileParser.RemovedMarker.Length);
            for (var i = kept; i < end; i++)
            {
                line[i] = (byte)KeyFileParser.RemovedMarker[i - kept];
            }

            patches.Add((start + kept, end - kept));
        }

        return patches;
    }

    // A 128-byte name is cut to 127 when read back, a non-Latin-1 char becomes '?': such a table is re-parsed.
    private static bool RereadsExactly(KeyEntry e) =>
        e.Name.Length <= KeyFileParser.MaxFieldBytes && e.IpField.Length <= KeyFileParser.MaxFieldBytes
        && e.Id.Length <= KeyFileParser.MaxFieldBytes && !e.Key.AsSpan().ContainsAnyExceptInRange('\0', '\u00ff');

    // The added entries as a re-read of the new file would give them: line numbers and offsets set.
    private KeyEntry[] Reread(int[] starts)
    {
        var entries = new KeyEntry[_added.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = _added[i];
            entries[i] = new KeyEntry(e.Id, e.Name, e.Ip, e.Key, _original.LineCount + i + 1, starts[i]);
        }

        return entries;
    }
}
