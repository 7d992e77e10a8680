using System.Text;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Input;

/// <summary>
/// read_from_user(): one line from stdin, cleaned like OSSEC's chomp(). A line of 512 bytes or more (newline
/// included) or the end of input prints <c>Input too large. Not adding it.</c> and ends the tool with 1.
/// </summary>
internal sealed class UserInput
{
    /// <summary>OSSEC reads with a 512-byte buffer (USER_SIZE - 2 usable bytes).</summary>
    public const int MaxLineBytes = 512;

    private readonly TextReader _reader;
    private readonly TextWriter _output;
    private readonly StringBuilder _line = new();

    public UserInput(TextReader reader, TextWriter output)
    {
        _reader = reader;
        _output = output;
    }

    /// <summary>Reads one answer; never returns null.</summary>
    public string ReadLine()
    {
        var raw = ReadRawLine(out var hadNewline);
        if (raw is null || Encoding.UTF8.GetByteCount(raw) + (hadNewline ? 1 : 0) >= MaxLineBytes)
        {
            _output.Write(MenuText.InputTooLarge);
            _output.Flush();
            throw new ToolExitException(1);
        }

        return Chomp(raw);
    }

    /// <summary>The next raw line without its newline, or null at the end of input.</summary>
    public string? ReadRawLine(out bool hadNewline)
    {
        _line.Clear();
        hadNewline = false;
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                return _line.Length == 0 ? null : _line.ToString();
            }

            if (c == '\n')
            {
                hadNewline = true;
                return _line.ToString();
            }

            _line.Append((char)c);
        }
    }

    /// <summary>
    /// chomp(): drops leading spaces and tabs, cuts at the first CR or LF, then drops trailing spaces and tabs.
    /// </summary>
    public static string Chomp(string value)
    {
        var span = value.AsSpan().TrimStart(" \t");
        var cut = span.IndexOfAny('\r', '\n');
        if (cut >= 0)
        {
            span = span[..cut];
        }

        return span.TrimEnd(" \t").ToString();
    }
}
