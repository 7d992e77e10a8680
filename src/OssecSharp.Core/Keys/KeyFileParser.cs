using System.Text;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Parses client.keys with OSSEC's rules (OS_ReadKeys, keys-and-crypto.md §1.1): split on the first three
/// spaces, key = rest of the line, fields cut to 127 bytes, 2048-byte line buffer, comment/removed lines skipped.
/// Works on the file's bytes (fields are Latin-1, as OSSEC's are plain bytes): the only strings made are the
/// fields kept. Never throws on file content.
/// </summary>
public static class KeyFileParser
{
    /// <summary>OSSEC reads lines with fgets into a 2048-byte buffer (2047 bytes + NUL).</summary>
    public const int LineBufferChars = 2047;

    /// <summary>OSSEC keeps at most 127 bytes of each field.</summary>
    public const int MaxFieldBytes = 127;

    /// <summary>The marker manage_agents writes after <c>&lt;id&gt; </c> to remove an agent.</summary>
    public const string RemovedMarker = "#*#*#*#*#*#*#*#*#*#*#";

    /// <summary>Bytes and text are the same in latin1, so keys of any bytes round-trip exactly.</summary>
    public static Encoding FileEncoding => Encoding.Latin1;

    /// <summary>Parses client.keys text (latin1-encoded first).</summary>
    public static KeyFileContent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(FileEncoding.GetBytes(text), out _);
    }

    /// <summary>Parses the raw bytes of a client.keys file.</summary>
    public static KeyFileContent Parse(ReadOnlySpan<byte> bytes) => Parse(bytes, out _);

    /// <summary>Parses the raw bytes of a client.keys file and counts its physical lines.</summary>
    internal static KeyFileContent Parse(ReadOnlySpan<byte> bytes, out int lineCount)
    {
        var state = new State(bytes.Length / 96);
        var lineNumber = 0;
        var pos = 0;
        while (pos < bytes.Length)
        {
            lineNumber++;
            var rest = bytes[pos..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            var lineStart = pos;
            pos += newline < 0 ? rest.Length : newline + 1;

            // fgets hands out at most 2047 bytes at a time (the newline counts); the rest comes as further lines.
            if (line.Length + (newline < 0 ? 0 : 1) > LineBufferChars)
            {
                state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.LineTooLong, Text(line[..32])));
                var chunkStart = 0;
                while (chunkStart < line.Length)
                {
                    var take = Math.Min(LineBufferChars, line.Length - chunkStart);
                    ParseLine(line.Slice(chunkStart, take), lineNumber, lineStart, state);
                    chunkStart += take;
                }

                if (newline >= 0 && line.Length % LineBufferChars == 0)
                {
                    ParseLine([], lineNumber, lineStart, state);
                }

                continue;
            }

            ParseLine(line, lineNumber, lineStart, state);
        }

        lineCount = lineNumber;
        return new KeyFileContent(state.Entries, state.Removed, state.Problems, state.InvalidIds);
    }

    private static void ParseLine(ReadOnlySpan<byte> line, int lineNumber, int lineStart, State state)
    {
        if (line.Length > 0 && line[0] == ' ')
        {
            return;
        }

        if (line.Length > 0 && line[0] == '#')
        {
            TryRecordReuseMarker(line, lineNumber, state.Removed);
            return;
        }

        var s1 = line.IndexOf((byte)' ');
        if (s1 < 0)
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, Text(line)));
            return;
        }

        var id = Cut(line[..s1]);
        var rest = line[(s1 + 1)..];
        if (rest.Length > 0 && rest[0] == '#')
        {
            state.Removed.Add(new RemovedKeyId(id, ReuseForm: false, lineNumber));
            return;
        }

        var s2 = rest.IndexOf((byte)' ');
        var s3 = s2 < 0 ? -1 : rest[(s2 + 1)..].IndexOf((byte)' ');
        if (s2 < 0 || s3 < 0)
        {
            // OSSEC logs the buffer after it put a NUL at the first space.
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, id));
            return;
        }

        var afterName = rest[(s2 + 1)..];
        var ipField = Cut(afterName[..s3]);
        if (!KeyIp.TryParse(ipField, out var ip))
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.InvalidIp, ipField));
            state.InvalidIds.Add(id);
            return;
        }

        var name = Cut(rest[..s2]);
        var key = Cut(afterName[(s3 + 1)..]);
        if (key.EndsWith('\r'))
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.CarriageReturnInKey, id));
        }

        state.Entries.Add(new KeyEntry(id, name, ip, key, lineNumber, lineStart));
    }

    /// <summary>
    /// The entry of a record split by <see cref="KeyRecordReader"/> (the same split as this parser's), or null when
    /// its ip field is not one the daemons accept. The record may have been split out of its line alone, so its
    /// place in the file is given.
    /// </summary>
    internal static KeyEntry? ToEntry(in KeyRecord record, int lineNumber, int lineStart) =>
        KeyIp.TryParse(Text(record.IpField), out var ip)
            ? new KeyEntry(Text(record.Id), Text(record.Name), ip, Text(record.Key), lineNumber, lineStart)
            : null;

    private static void TryRecordReuseMarker(ReadOnlySpan<byte> line, int lineNumber, List<RemovedKeyId> removed)
    {
        var body = line[1..];
        var space = body.IndexOf((byte)' ');
        if (space is < 1 or > 8 || !AllDigits(body[..space]) || !body[(space + 1)..].StartsWith("#*#*"u8))
        {
            return;
        }

        removed.Add(new RemovedKeyId(Text(body[..space]), ReuseForm: true, lineNumber));
    }

    // Same rule as AgentNameRules.IsValidId (1-8 ASCII digits) on bytes; the length is checked by the caller.
    private static bool AllDigits(ReadOnlySpan<byte> text) => text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    private static string Cut(ReadOnlySpan<byte> field) =>
        Text(field.Length > MaxFieldBytes ? field[..MaxFieldBytes] : field);

    private static string Text(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : FileEncoding.GetString(bytes);

    /// <summary>The lists one parse fills.</summary>
    private sealed class State(int capacity)
    {
        public List<KeyEntry> Entries { get; } = new(capacity);

        public List<RemovedKeyId> Removed { get; } = [];

        public List<KeyLoadProblem> Problems { get; } = [];

        public List<string> InvalidIds { get; } = [];
    }
}
