namespace OssecSharp.Core.Keys;

/// <summary>
/// Splits client.keys into records exactly as OS_ReadKeys reads it (keys-and-crypto.md §1.1): fgets chunks of at
/// most 2047 bytes, split on the first three spaces, fields cut to 127 bytes, comment and removed lines told apart.
/// Allocates nothing: a one-shot writer compares fields in place (<see cref="KeyFileScan"/>); tests hold it to
/// <see cref="KeyFileParser"/>, which stays a single tight loop for the daemons that parse whole files.
/// </summary>
internal ref struct KeyRecordReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private int _pos;
    private int _ordinal;

    // An over-long physical line still being handed out in fgets-sized chunks.
    private ReadOnlySpan<byte> _longRest;
    private ReadOnlySpan<byte> _longLine;
    private bool _inLongLine;
    private bool _emptyChunkPending;
    private int _lineStart;

    public KeyRecordReader(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes;
    }

    /// <summary>The current record (valid after <see cref="MoveNext"/> returned true).</summary>
    public KeyRecord Current { get; private set; }

    /// <summary>Physical lines seen so far (all of them once <see cref="MoveNext"/> returned false).</summary>
    public int LineCount { get; private set; }

    public bool MoveNext()
    {
        if (_inLongLine)
        {
            if (!_longRest.IsEmpty)
            {
                var take = Math.Min(KeyFileParser.LineBufferChars, _longRest.Length);
                var first = _longRest.Length == _longLine.Length;
                var chunk = _longRest[..take];
                _longRest = _longRest[take..];
                Current = Classify(chunk, first ? _longLine : default);
                return true;
            }

            _inLongLine = false;
            if (_emptyChunkPending)
            {
                // A line of exactly k*2047 bytes: its newline comes alone from the next fgets.
                _emptyChunkPending = false;
                Current = Classify([], default);
                return true;
            }
        }

        if (_pos >= _bytes.Length)
        {
            return false;
        }

        LineCount++;
        var rest = _bytes[_pos..];
        var newline = rest.IndexOf((byte)'\n');
        var line = newline < 0 ? rest : rest[..newline];
        _lineStart = _pos;
        _pos += newline < 0 ? rest.Length : newline + 1;

        // fgets hands out at most 2047 bytes at a time (the newline counts); the rest comes as further lines.
        if (line.Length + (newline < 0 ? 0 : 1) > KeyFileParser.LineBufferChars)
        {
            _inLongLine = true;
            _longLine = line;
            _longRest = line;
            _emptyChunkPending = newline >= 0 && line.Length % KeyFileParser.LineBufferChars == 0;
            return MoveNext();
        }

        Current = Classify(line, default);
        return true;
    }

    private KeyRecord Classify(ReadOnlySpan<byte> line, ReadOnlySpan<byte> longLine)
    {
        var ordinal = _ordinal++;
        if (line.Length > 0 && line[0] == ' ')
        {
            return Record(KeyRecordKind.Skipped, line, ordinal, longLine);
        }

        if (line.Length > 0 && line[0] == '#')
        {
            return ReuseMarker(line, ordinal, longLine);
        }

        var s1 = line.IndexOf((byte)' ');
        if (s1 < 0)
        {
            return Record(KeyRecordKind.NoSpace, line, ordinal, longLine);
        }

        var id = Cut(line[..s1]);
        var rest = line[(s1 + 1)..];
        if (rest.Length > 0 && rest[0] == '#')
        {
            return Record(KeyRecordKind.Removed, line, ordinal, longLine) with { Id = id };
        }

        var s2 = rest.IndexOf((byte)' ');
        var s3 = s2 < 0 ? -1 : rest[(s2 + 1)..].IndexOf((byte)' ');
        if (s2 < 0 || s3 < 0)
        {
            return Record(KeyRecordKind.MissingFields, line, ordinal, longLine) with { Id = id };
        }

        var afterName = rest[(s2 + 1)..];
        return Record(KeyRecordKind.Entry, line, ordinal, longLine) with
        {
            Id = id, Name = Cut(rest[..s2]), IpField = Cut(afterName[..s3]), Key = Cut(afterName[(s3 + 1)..]),
        };
    }

    // "#<1-8 digits> #*#*…": the REUSE_ID removal form; any other '#' line is a comment.
    private KeyRecord ReuseMarker(ReadOnlySpan<byte> line, int ordinal, ReadOnlySpan<byte> longLine)
    {
        var body = line[1..];
        var space = body.IndexOf((byte)' ');
        if (space is < 1 or > 8 || body[..space].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
            || !body[(space + 1)..].StartsWith("#*#*"u8))
        {
            return Record(KeyRecordKind.Skipped, line, ordinal, longLine);
        }

        return Record(KeyRecordKind.ReuseMarker, line, ordinal, longLine) with { Id = body[..space] };
    }

    private readonly KeyRecord Record(KeyRecordKind kind, ReadOnlySpan<byte> line, int ordinal, ReadOnlySpan<byte> longLine) =>
        new(kind, line, LineCount, _lineStart, ordinal) { LongLine = longLine };

    private static ReadOnlySpan<byte> Cut(ReadOnlySpan<byte> field) =>
        field.Length > KeyFileParser.MaxFieldBytes ? field[..KeyFileParser.MaxFieldBytes] : field;
}
