using System.Text;

namespace OssecSharp.Agentlessd.Protocol;

/// <summary>
/// Reads script output as lines split at every CR and LF (OSSEC cut a line at its first CR and lost what a
/// terminal glued behind it), skipping empty lines and capping each line so a runaway script cannot
/// exhaust memory; the excess of an overlong line is dropped and counted.
/// </summary>
internal sealed class LineReader
{
    /// <summary>Longest line kept (OSSEC read at most 2047 bytes).</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;
    private bool _overflow;

    public LineReader(TextReader reader) => _reader = reader;

    /// <summary>Lines cut because they were longer than <see cref="MaxLineLength"/>.</summary>
    public int TruncatedLines { get; private set; }

    /// <summary>The next non-empty line, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_position == _length)
            {
                _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_length == 0)
                {
                    return _line.Length > 0 ? Take() : null;
                }
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var end = span.IndexOfAny('\r', '\n');
            var chunk = end < 0 ? span : span[..end];
            Append(chunk);
            _position += end < 0 ? span.Length : end + 1;
            if (end >= 0 && _line.Length > 0)
            {
                return Take();
            }
        }
    }

    private void Append(ReadOnlySpan<char> chunk)
    {
        var room = MaxLineLength - _line.Length;
        if (chunk.Length > room)
        {
            _overflow = true;
            chunk = chunk[..room];
        }

        _line.Append(chunk);
    }

    private string Take()
    {
        var line = _line.ToString();
        _line.Clear();
        if (_overflow)
        {
            TruncatedLines++;
            _overflow = false;
        }

        return line;
    }
}
