using System.Text;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Turns the records of <see cref="KeyRecordReader"/> (OSSEC's split, keys-and-crypto.md §1.1) into entries, and every
/// line the daemons do not load into a <see cref="KeyLoadProblem"/> with its line number: no space or too few fields
/// (1401), an ip OSSEC refuses (1237), an id that is not 1-8 digits, a name with characters OSSEC does not allow, a
/// repeated id (the first line wins). A key ending in <c>\r</c> is kept, as OSSEC reads it, and flagged. Works on the
/// file's bytes (fields are Latin-1, as OSSEC's are plain bytes): the only strings made are the fields kept. Never
/// throws on file content.
/// </summary>
internal static class KeyFileParser
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
        var reader = new KeyRecordReader(bytes);
        while (reader.MoveNext())
        {
            var record = reader.Current;
            if (!record.LongLine.IsEmpty)
            {
                state.Problems.Add(new KeyLoadProblem(record.LineNumber, KeyLoadProblemKind.LineTooLong, Text(record.LongLine[..32])));
            }

            Add(record, state);
        }

        lineCount = reader.LineCount;
        return new KeyFileContent(state.Entries, state.Removed, state.Problems, state.InvalidIds);
    }

    private static void Add(in KeyRecord record, State state)
    {
        var lineNumber = record.LineNumber;
        switch (record.Kind)
        {
            case KeyRecordKind.Skipped:
                return;
            case KeyRecordKind.ReuseMarker:
                state.Removed.Add(new RemovedKeyId(Text(record.Id), ReuseForm: true, lineNumber));
                return;
            case KeyRecordKind.Removed:
                state.Removed.Add(new RemovedKeyId(Text(record.Id), ReuseForm: false, lineNumber));
                return;
            case KeyRecordKind.NoSpace:
                state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, Text(record.Text)));
                return;
            case KeyRecordKind.MissingFields:
                // OSSEC logs the buffer after it put a NUL at the first space.
                state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.Malformed, Text(record.Id)));
                return;
        }

        var id = Text(record.Id);
        if (!IsOssecId(record.Id))
        {
            // Ids name files (queue/rids/<id>): only OSSEC's 1-8 digits are taken.
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.InvalidId, id));
            return;
        }

        var ipField = Text(record.IpField);
        if (!KeyIp.TryParse(ipField, out var ip))
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.InvalidIp, ipField, id));
            state.InvalidIds.Add(id);
            return;
        }

        var name = Text(record.Name);
        if (!AgentNameRules.HasValidNameChars(record.Name))
        {
            // Names are part of file names (agent-info, syscheck, backups): OSSEC's characters only, so no '/'.
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.InvalidName, name, id));
            state.InvalidIds.Add(id);
            return;
        }

        if (state.FirstLineOfId.TryGetValue(id, out var firstLine))
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.DuplicateId, id, firstLine.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }

        state.FirstLineOfId.Add(id, lineNumber);
        var key = Text(record.Key);
        if (key.EndsWith('\r'))
        {
            state.Problems.Add(new KeyLoadProblem(lineNumber, KeyLoadProblemKind.CarriageReturnInKey, id));
        }

        state.Entries.Add(new KeyEntry(id, name, ip, key, lineNumber, record.LineStart));
    }

    /// <summary>
    /// The entry of a record split by <see cref="KeyRecordReader"/>, or null when the daemons do not load it (an id,
    /// name or ip field they refuse). The record may have been split out of its line alone, so its place in the file is
    /// given.
    /// </summary>
    internal static KeyEntry? ToEntry(in KeyRecord record, int lineNumber, int lineStart) =>
        IsOssecId(record.Id) && AgentNameRules.HasValidNameChars(record.Name) && KeyIp.TryParse(Text(record.IpField), out var ip)
            ? new KeyEntry(Text(record.Id), Text(record.Name), ip, Text(record.Key), lineNumber, lineStart)
            : null;

    // OS_IsValidID: 1 to 8 ASCII digits.
    internal static bool IsOssecId(ReadOnlySpan<byte> id) =>
        id.Length is >= 1 and <= AgentNameRules.MaxIdDigits && id.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

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

        public Dictionary<string, int> FirstLineOfId { get; } = new(capacity, StringComparer.Ordinal);
    }
}
