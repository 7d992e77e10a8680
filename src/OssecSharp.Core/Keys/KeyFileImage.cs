namespace OssecSharp.Core.Keys;

/// <summary>
/// The exact bytes of client.keys as this process last read or wrote them, the stamp of that file, and its
/// table (parsed on first use when the image came from a splice). Immutable once published.
/// </summary>
internal sealed class KeyFileImage
{
    private KeyTable? _table;

    public KeyFileImage(byte[] bytes, int lineCount, KeyFileStamp stamp, KeyTable? table)
    {
        Bytes = bytes;
        LineCount = lineCount;
        Stamp = stamp;
        _table = table;
    }

    /// <summary>An empty or missing file.</summary>
    public static KeyFileImage Missing { get; } = new([], 0, default, KeyTable.Empty);

    /// <summary>The file's bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary>Number of physical lines (a last line without newline counts).</summary>
    public int LineCount { get; }

    /// <summary>The stamp of the file these bytes are (default when missing).</summary>
    public KeyFileStamp Stamp { get; }

    /// <summary>The snapshot of these bytes; parsed once, on first use, when not known yet.</summary>
    public KeyTable Table => _table ??= new KeyTable(KeyFileParser.Parse(Bytes));

    /// <summary>Parses bytes just read from a file with this stamp.</summary>
    public static KeyFileImage Read(byte[] bytes, KeyFileStamp stamp)
    {
        var content = KeyFileParser.Parse(bytes, out var lines);
        return new KeyFileImage(bytes, lines, stamp, new KeyTable(content));
    }
}
