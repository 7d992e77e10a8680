namespace OssecSharp.Core.Keys;

/// <summary>
/// The exact bytes of client.keys as this process last read or wrote them, the stamp of that file, and its
/// table (parsed on first use when the image came from a splice). Immutable once published.
/// </summary>
internal sealed class KeyFileImage
{
    private KeyTable? _table;
    private Func<KeyTable>? _build;

    public KeyFileImage(byte[] bytes, int lineCount, KeyFileStamp stamp, KeyTable? table)
    {
        Bytes = bytes;
        LineCount = lineCount;
        Stamp = stamp;
        _table = table;
    }

    /// <summary>
    /// An image whose table is built by <paramref name="build"/> on first use: a one-shot writer such as
    /// manage_agents exits without ever paying for the next snapshot.
    /// </summary>
    public KeyFileImage(byte[] bytes, int lineCount, KeyFileStamp stamp, Func<KeyTable> build)
        : this(bytes, lineCount, stamp, table: null)
    {
        _build = build;
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
    public KeyTable Table
    {
        get
        {
            var table = _table;
            if (table is null)
            {
                // Racing callers may both build; either result is the same snapshot. The builder is dropped
                // afterwards so that it does not keep the previous image alive.
                table = _build?.Invoke() ?? new KeyTable(KeyFileParser.Parse(Bytes));
                _table = table;
                _build = null;
            }

            return table;
        }
    }

    /// <summary>Parses bytes just read from a file with this stamp.</summary>
    public static KeyFileImage Read(byte[] bytes, KeyFileStamp stamp)
    {
        var content = KeyFileParser.Parse(bytes, out var lines);
        return new KeyFileImage(bytes, lines, stamp, new KeyTable(content));
    }
}
