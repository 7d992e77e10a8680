namespace OssecSharp.Core.Keys;

/// <summary>
/// Lookups over the raw bytes of client.keys instead of a parsed and indexed <see cref="KeyTable"/>: a one-shot
/// writer (manage_agents <c>-a</c>/<c>-r</c>) asks a handful of questions of a file that may hold 100,000 agents.
/// One pass splits the lines (<see cref="KeyRecordReader"/>) and keeps, per record with an id, a hash of its id, name
/// and ip string and where it is: no string or entry per line. A question then looks for its hash in an int array
/// and checks the few candidates against the bytes. Every answer is the one the table gives (same records, first
/// match in file order); only a matching line becomes a <see cref="KeyEntry"/>, the same object for the same record.
/// </summary>
internal sealed class KeyFileScan
{
    private readonly ArraySegment<byte> _bytes;
    private readonly Dictionary<int, KeyEntry?> _entries = [];
    private KeyFileScanIndex? _index;

    public KeyFileScan(ArraySegment<byte> bytes)
    {
        _bytes = bytes;
    }

    /// <summary>Questions answered so far.</summary>
    public int Queries { get; private set; }

    /// <summary>As <see cref="KeyTable.FindById"/>.</summary>
    public KeyEntry? FindById(string id) => FindEntry(id, KeyFileScanIndex.Field.Id);

    /// <summary>As <see cref="KeyTable.FindByName"/>.</summary>
    public KeyEntry? FindByName(string name) => FindEntry(name, KeyFileScanIndex.Field.Name);

    /// <summary>As <see cref="KeyTable.FindByIpString"/>: the ip field up to its <c>/N</c> equals the text, <c>any</c> never matches.</summary>
    public KeyEntry? FindByIpString(string ipString) => FindEntry(ipString, KeyFileScanIndex.Field.IpString);

    /// <summary>As <see cref="KeyTable.IsIdUsed"/>: a live, removed or unreadable-ip line has the id.</summary>
    public bool IsIdUsed(string id)
    {
        Queries++;
        Span<byte> buffer = stackalloc byte[KeyFileParser.MaxFieldBytes];
        if (!TryEncode(id, buffer, out var wanted))
        {
            return false;
        }

        var index = Index;
        var hashes = index.Hashes(KeyFileScanIndex.Field.Id);
        var hash = KeyFileScanIndex.Hash(wanted);
        for (var i = NextWithHash(hashes, hash, 0); i >= 0; i = NextWithHash(hashes, hash, i + 1))
        {
            // A line the daemons do not load for its id (not 1-8 digits) uses no id; any other record with one does.
            var reader = new KeyRecordReader(index.RecordBytes(_bytes, i));
            if (reader.MoveNext() && reader.Current.Id.SequenceEqual(wanted)
                && (reader.Current.Kind != KeyRecordKind.Entry || KeyFileParser.IsOssecId(wanted)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="KeyTable.HighestManageAgentsId"/>.</summary>
    public long HighestManageAgentsId
    {
        get
        {
            Queries++;
            return Index.HighestManageAgentsId;
        }
    }

    private KeyFileScanIndex Index => _index ??= KeyFileScanIndex.Build(_bytes);

    private KeyEntry? FindEntry(string wantedText, KeyFileScanIndex.Field field)
    {
        Queries++;
        Span<byte> buffer = stackalloc byte[KeyFileParser.MaxFieldBytes];
        if (!TryEncode(wantedText, buffer, out var wanted))
        {
            return null;
        }

        var index = Index;
        var hashes = index.Hashes(field);
        var hash = KeyFileScanIndex.Hash(wanted);
        for (var i = NextWithHash(hashes, hash, 0); i >= 0; i = NextWithHash(hashes, hash, i + 1))
        {
            // A hash may collide: the entry's own field decides. A line whose ip field the daemons refuse is no entry.
            if (Materialize(index, i) is { } entry && Matches(entry, field, wantedText))
            {
                return entry;
            }
        }

        return null;
    }

    private static bool Matches(KeyEntry entry, KeyFileScanIndex.Field field, string wanted) => field switch
    {
        KeyFileScanIndex.Field.Id => string.Equals(entry.Id, wanted, StringComparison.Ordinal),
        KeyFileScanIndex.Field.Name => string.Equals(entry.Name, wanted, StringComparison.Ordinal),
        _ => !entry.Ip.IsAny && string.Equals(entry.IpString, wanted, StringComparison.Ordinal),
    };

    private static int NextWithHash(int[] hashes, int hash, int from)
    {
        var found = hashes.AsSpan(from).IndexOf(hash);
        return found < 0 ? -1 : from + found;
    }

    private KeyEntry? Materialize(KeyFileScanIndex index, int i)
    {
        if (!_entries.TryGetValue(i, out var entry))
        {
            var reader = new KeyRecordReader(index.RecordBytes(_bytes, i));
            entry = reader.MoveNext() && reader.Current.Kind == KeyRecordKind.Entry
                ? KeyFileParser.ToEntry(reader.Current, index.LineNumber(i), index.LineStart(i))
                : null;
            if (entry is not null && HasEarlierEntry(index, i, entry.Id))
            {
                // A later line with a live id is skipped, as the parser skips it.
                entry = null;
            }

            _entries[i] = entry;
        }

        return entry;
    }

    // Whether a record before record i is a loaded entry with this id (candidates found by the id hash).
    private bool HasEarlierEntry(KeyFileScanIndex index, int i, string id)
    {
        Span<byte> buffer = stackalloc byte[KeyFileParser.MaxFieldBytes];
        if (!TryEncode(id, buffer, out var bytes))
        {
            return false;
        }

        var hashes = index.Hashes(KeyFileScanIndex.Field.Id);
        var hash = KeyFileScanIndex.Hash(bytes);
        for (var j = NextWithHash(hashes, hash, 0); j >= 0 && j < i; j = NextWithHash(hashes, hash, j + 1))
        {
            if (Materialize(index, j) is { } earlier && string.Equals(earlier.Id, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Latin-1 bytes of a field value; false when no field of the file can equal it (longer than a field is kept,
    // or a char the file's bytes cannot hold).
    private static bool TryEncode(string text, Span<byte> buffer, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (text.Length > KeyFileParser.MaxFieldBytes || text.AsSpan().ContainsAnyExceptInRange('\0', '\u00ff'))
        {
            return false;
        }

        var written = KeyFileParser.FileEncoding.GetBytes(text, buffer);
        bytes = buffer[..written];
        return true;
    }
}
