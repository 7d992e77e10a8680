namespace OssecSharp.Core.Keys;

/// <summary>
/// One record of client.keys as <see cref="KeyRecordReader"/> splits it: the fields are slices of the file's bytes,
/// already cut to OSSEC's 127 bytes, so a caller that only compares them allocates nothing.
/// </summary>
internal readonly ref struct KeyRecord
{
    public KeyRecord(KeyRecordKind kind, ReadOnlySpan<byte> text, int lineNumber, int lineStart, int ordinal)
    {
        Kind = kind;
        Text = text;
        LineNumber = lineNumber;
        LineStart = lineStart;
        Ordinal = ordinal;
    }

    public KeyRecordKind Kind { get; }

    /// <summary>The bytes of the record (the whole line, or one 2047-byte chunk of an over-long line).</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The id (Entry, Removed, ReuseMarker, MissingFields).</summary>
    public ReadOnlySpan<byte> Id { get; init; }

    /// <summary>The name (Entry).</summary>
    public ReadOnlySpan<byte> Name { get; init; }

    /// <summary>The ip field as written, <c>/N</c> included (Entry; not validated yet).</summary>
    public ReadOnlySpan<byte> IpField { get; init; }

    /// <summary>The key: the rest of the line after the third space (Entry).</summary>
    public ReadOnlySpan<byte> Key { get; init; }

    /// <summary>1-based number of the physical line.</summary>
    public int LineNumber { get; }

    /// <summary>Byte offset of the start of the physical line.</summary>
    public int LineStart { get; }

    /// <summary>Position of the record in the file (0-based): tells records of one physical line apart.</summary>
    public int Ordinal { get; }

    /// <summary>The physical line when this record is the first chunk of a line longer than fgets' buffer, else empty.</summary>
    public ReadOnlySpan<byte> LongLine { get; init; }

    /// <summary>Whether the id is used for allocation (a live, removed or unreadable-ip line).</summary>
    public bool HasUsedId => Kind is KeyRecordKind.Entry or KeyRecordKind.Removed or KeyRecordKind.ReuseMarker;
}
