namespace OssecSharp.Agentd.Follow;

/// <summary>
/// Cuts a byte stream into lines, keeping a partial last line until its newline arrives. A line longer than the
/// limit is cut to the limit and the rest of it discarded (OSSEC's logcollector does the same with its buffer).
/// </summary>
internal sealed class LineAssembler
{
    private readonly byte[] _pending;
    private int _pendingLength;
    private bool _discarding;
    private long _lineLength;

    public LineAssembler(int maxLine)
    {
        _pending = new byte[maxLine];
    }

    /// <summary>Length in bytes of the last line returned, before any cut (without its newline).</summary>
    public long LastLineLength { get; private set; }

    /// <summary>True when the last line returned was longer than the limit and was cut.</summary>
    public bool LastLineCut { get; private set; }

    public void Reset()
    {
        _pendingLength = 0;
        _discarding = false;
        _lineLength = 0;
    }

    /// <summary>
    /// Consumes <paramref name="data"/> up to the next newline and returns true with the complete line (valid until
    /// the next call), or consumes it all into the pending part and returns false.
    /// </summary>
    public bool TryTakeLine(ref Memory<byte> data, out ReadOnlyMemory<byte> line)
    {
        var span = data.Span;
        var newline = span.IndexOf((byte)'\n');
        var segment = newline < 0 ? span : span[..newline];
        _lineLength += segment.Length;
        if (!_discarding)
        {
            var room = _pending.Length - _pendingLength;
            var take = Math.Min(room, segment.Length);
            segment[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            if (take < segment.Length)
            {
                _discarding = true;
            }
        }

        if (newline < 0)
        {
            data = Memory<byte>.Empty;
            line = default;
            return false;
        }

        data = data[(newline + 1)..];
        var length = _pendingLength;
        if (length > 0 && _pending[length - 1] == (byte)'\r')
        {
            length--;
        }

        line = _pending.AsMemory(0, length);
        LastLineCut = _discarding;
        LastLineLength = _lineLength;
        _pendingLength = 0;
        _discarding = false;
        _lineLength = 0;
        return true;
    }

    /// <summary>The partial line held so far (valid until the next call), and forgets it.</summary>
    public ReadOnlyMemory<byte> TakePartial()
    {
        var rest = _pending.AsMemory(0, _pendingLength);
        LastLineCut = _discarding;
        LastLineLength = _lineLength;
        _pendingLength = 0;
        _discarding = false;
        _lineLength = 0;
        return rest;
    }
}
