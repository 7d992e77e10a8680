using System.Text;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Parses client.keys with OSSEC's rules (OS_ReadKeys, keys-and-crypto.md §1.1): split on the first three
/// spaces, key = rest of the line, fields cut to 127 bytes, 2048-byte line buffer, comment/removed lines skipped.
/// Never throws on file content.
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

    /// <summary>Parses the raw bytes of a client.keys file.</summary>
    public static KeyFileContent Parse(ReadOnlySpan<byte> bytes) => Parse(FileEncoding.GetString(bytes));

    /// <summary>Parses client.keys text (latin1-decoded).</summary>
    public static KeyFileContent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<KeyEntry>();
        var removed = new List<RemovedKeyId>();
        var problems = new List<KeyLoadProblem>();
        var invalidIds = new List<string>();
        var lineNumber = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            lineNumber++;
            var newline = text.IndexOf('\n', pos);
            var lineEnd = newline < 0 ? text.Length : newline;
            var next = newline < 0 ? text.Length : newline + 1;
            var line = text.AsSpan(pos, lineEnd - pos);
            pos = next;

            // fgets hands out at most 2047 bytes at a time (the newline counts); the rest comes as further lines.
            if (line.Length + (newline < 0 ? 0 : 1) > LineBufferChars)
            {
                problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.LineTooLong, line[..32].ToString()));
                var chunkStart = 0;
                while (chunkStart < line.Length)
                {
                    var take = Math.Min(LineBufferChars, line.Length - chunkStart);
                    ParseLine(line.Slice(chunkStart, take), lineNumber, entries, removed, problems, invalidIds);
                    chunkStart += take;
                }

                if (newline >= 0 && line.Length % LineBufferChars == 0)
                {
                    ParseLine([], lineNumber, entries, removed, problems, invalidIds);
                }

                continue;
            }

            ParseLine(line, lineNumber, entries, removed, problems, invalidIds);
        }

        return new KeyFileContent(entries, removed, problems, invalidIds);
    }

    private static void ParseLine(
        ReadOnlySpan<char> line, int lineNumber, List<KeyEntry> entries, List<RemovedKeyId> removed,
        List<KeyLoadProblem> problems, List<string> invalidIds)
    {
        if (line.Length > 0 && line[0] == ' ')
        {
            return;
        }

        if (line.Length > 0 && line[0] == '#')
        {
            TryRecordReuseMarker(line, lineNumber, removed);
            return;
        }

        var s1 = line.IndexOf(' ');
        if (s1 < 0)
        {
            problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, line.ToString()));
            return;
        }

        var id = Cut(line[..s1]);
        var rest = line[(s1 + 1)..];
        if (rest.Length > 0 && rest[0] == '#')
        {
            removed.Add(new RemovedKeyId(id, ReuseForm: false, lineNumber));
            return;
        }

        var s2 = rest.IndexOf(' ');
        var s3 = s2 < 0 ? -1 : rest[(s2 + 1)..].IndexOf(' ');
        if (s2 < 0 || s3 < 0)
        {
            // OSSEC logs the buffer after it put a NUL at the first space.
            problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, id));
            return;
        }

        var name = Cut(rest[..s2]);
        var afterName = rest[(s2 + 1)..];
        var ipField = Cut(afterName[..s3]);
        var key = Cut(afterName[(s3 + 1)..]);
        if (!KeyIp.TryParse(ipField, out var ip))
        {
            problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.InvalidIp, ipField));
            invalidIds.Add(id);
            return;
        }

        if (key.EndsWith('\r'))
        {
            problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.CarriageReturnInKey, id));
        }

        entries.Add(new KeyEntry(id, name, ip, key, lineNumber));
    }

    private static void TryRecordReuseMarker(ReadOnlySpan<char> line, int lineNumber, List<RemovedKeyId> removed)
    {
        var body = line[1..];
        var space = body.IndexOf(' ');
        if (space is < 1 or > 8 || !AgentNameRules.IsValidId(body[..space])
            || !body[(space + 1)..].StartsWith("#*#*", StringComparison.Ordinal))
        {
            return;
        }

        removed.Add(new RemovedKeyId(body[..space].ToString(), ReuseForm: true, lineNumber));
    }

    private static string Cut(ReadOnlySpan<char> field) =>
        (field.Length > MaxFieldBytes ? field[..MaxFieldBytes] : field).ToString();
}
