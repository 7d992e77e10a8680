namespace OssecSharp.Core.Keys;

/// <summary>
/// The exact bytes of client.keys as this process last read or wrote them, the stamp of that file, and its
/// table (parsed on first use when the image came from a splice). Immutable once published.
/// </summary>
internal sealed class KeyFileImage
{
    private KeyTable? _table;
    private Func<KeyTable>? _build;
    private int _tailClaimed;

    public KeyFileImage(byte[] bytes, int lineCount, KeyFileStamp stamp, KeyTable? table)
        : this(new ArraySegment<byte>(bytes), lineCount, stamp, table)
    {
    }

    /// <summary>An image over the first bytes of a buffer whose spare room later appends may use.</summary>
    public KeyFileImage(ArraySegment<byte> bytes, int lineCount, KeyFileStamp stamp, KeyTable? table)
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
    public KeyFileImage(ArraySegment<byte> bytes, int lineCount, KeyFileStamp stamp, Func<KeyTable> build)
        : this(bytes, lineCount, stamp, table: null)
    {
        _build = build;
    }

    /// <summary>An empty or missing file.</summary>
    public static KeyFileImage Missing { get; } = new([], 0, default, KeyTable.Empty);

    /// <summary>The file's bytes (a prefix of a buffer that may have spare room after it).</summary>
    public ArraySegment<byte> Bytes { get; }

    /// <summary>
    /// Takes the buffer's spare room after <see cref="Bytes"/> for the next image; true for the first caller only,
    /// so two images never write the same room. Bytes inside <see cref="Bytes"/> are never written again, which
    /// keeps every published image immutable.
    /// </summary>
    public bool TryClaimTail(int needed) =>
        Bytes.Array!.Length - Bytes.Offset - Bytes.Count >= needed && Interlocked.CompareExchange(ref _tailClaimed, 1, 0) == 0;

    /// <summary>Number of physical lines (a last line without newline counts).</summary>
    public int LineCount { get; }

    /// <summary>The stamp of the file these bytes are (default when missing).</summary>
    public KeyFileStamp Stamp { get; }

    /// <summary>Whether <see cref="Table"/> is built already (asking for it costs nothing more).</summary>
    public bool HasTable => _table is not null;

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

    /// <summary>
    /// Bytes just read from a file with this stamp; parsed into a table only when something asks for it (a one-shot
    /// reader or writer may need no more than a scan of the bytes).
    /// </summary>
    public static KeyFileImage Read(byte[] bytes, KeyFileStamp stamp)
    {
        // Physical lines as the parser counts them: a last line without newline counts too.
        var lines = bytes.AsSpan().Count((byte)'\n') + (bytes.Length > 0 && bytes[^1] != (byte)'\n' ? 1 : 0);
        return new KeyFileImage(new ArraySegment<byte>(bytes), lines, stamp, () => new KeyTable(KeyFileParser.Parse(bytes)));
    }
}
