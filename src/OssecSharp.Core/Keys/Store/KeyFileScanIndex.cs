using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OssecSharp.Core.Keys;

/// <summary>
/// What one pass over client.keys keeps for <see cref="KeyFileScan"/>: for each record that uses an id (live,
/// removed or unreadable-ip line), hashes of its id, name and ip string, where its bytes are, and the highest
/// <c>%03d</c> id. Entry-only hashes of other records are left 0 and never match a record that is not an entry,
/// because every candidate is checked against its bytes.
/// </summary>
internal sealed class KeyFileScanIndex
{
    private int[] _idHashes;
    private int[] _nameHashes;
    private int[] _ipHashes;
    private int[] _starts;
    private int[] _lengths;
    private int[] _lineStarts;
    private int[] _lineNumbers;
    private int _count;

    private KeyFileScanIndex(int capacity)
    {
        _idHashes = new int[capacity];
        _nameHashes = new int[capacity];
        _ipHashes = new int[capacity];
        _starts = new int[capacity];
        _lengths = new int[capacity];
        _lineStarts = new int[capacity];
        _lineNumbers = new int[capacity];
    }

    public enum Field
    {
        Id,
        Name,
        IpString,
    }

    /// <summary>The highest id written as manage_agents formats ids (<c>%03d</c>), or 0 (as <see cref="KeyIdIndex"/>).</summary>
    public long HighestManageAgentsId { get; private set; }

    /// <summary>
    /// A cheap hash of a field: its length and its first and last 8 bytes. Fields are short (ids, names, ip strings)
    /// and a collision only costs a check of the candidate's bytes; a full hash of 150,000 fields would cost more
    /// than the split of the file itself.
    /// </summary>
    public static int Hash(ReadOnlySpan<byte> bytes)
    {
        ulong head = 0, tail = 0;
        if (bytes.Length >= 8)
        {
            head = Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference(bytes));
            tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(bytes), bytes.Length - 8));
        }
        else
        {
            foreach (var b in bytes)
            {
                head = (head << 8) | b;
            }
        }

        var h = (head * 0x9E3779B97F4A7C15UL) ^ ((tail + (ulong)bytes.Length) * 0xC2B2AE3D27D4EB4FUL);
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }

    public static KeyFileScanIndex Build(ArraySegment<byte> bytes)
    {
        var index = new KeyFileScanIndex(Math.Max(16, bytes.Count / 64));
        var file = bytes.AsSpan();
        var reader = new KeyRecordReader(file);
        while (reader.MoveNext())
        {
            var record = reader.Current;
            if (!record.HasUsedId)
            {
                continue;
            }

            var ip = record.IpField;
            var slash = ip.IndexOf((byte)'/');
            index.Add(
                Hash(record.Id), record.Kind == KeyRecordKind.Entry ? Hash(record.Name) : 0,
                record.Kind == KeyRecordKind.Entry ? Hash(slash < 0 ? ip : ip[..slash]) : 0,
                OffsetIn(file, record.Text), record.Text.Length, record.LineStart, record.LineNumber);
            index.NoteId(record.Id);
        }

        index.Trim();
        return index;
    }

    public int[] Hashes(Field field) => field switch
    {
        Field.Id => _idHashes,
        Field.Name => _nameHashes,
        _ => _ipHashes,
    };

    /// <summary>The bytes of record <paramref name="i"/> (one line, or one chunk of an over-long line).</summary>
    public ReadOnlySpan<byte> RecordBytes(ArraySegment<byte> bytes, int i) => bytes.AsSpan(_starts[i], _lengths[i]);

    public int LineStart(int i) => _lineStarts[i];

    public int LineNumber(int i) => _lineNumbers[i];

    private static int OffsetIn(ReadOnlySpan<byte> file, ReadOnlySpan<byte> part) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(file), ref MemoryMarshal.GetReference(part));

    private void Add(int idHash, int nameHash, int ipHash, int start, int length, int lineStart, int lineNumber)
    {
        if (_count == _idHashes.Length)
        {
            Resize(_count * 2);
        }

        _idHashes[_count] = idHash;
        _nameHashes[_count] = nameHash;
        _ipHashes[_count] = ipHash;
        _starts[_count] = start;
        _lengths[_count] = length;
        _lineStarts[_count] = lineStart;
        _lineNumbers[_count] = lineNumber;
        _count++;
    }

    // The hash arrays are searched whole: cut them to the records they hold.
    private void Trim() => Resize(_count);

    private void Resize(int size)
    {
        Array.Resize(ref _idHashes, size);
        Array.Resize(ref _nameHashes, size);
        Array.Resize(ref _ipHashes, size);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _lineStarts, size);
        Array.Resize(ref _lineNumbers, size);
    }

    // KeyIdIndex's rule: 1-18 digits, "%03d" form only (exactly 3 digits, or more without a leading zero).
    private void NoteId(ReadOnlySpan<byte> id)
    {
        if (id.Length is < 3 or > 18 || (id.Length > 3 && id[0] == '0') || id.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return;
        }

        long n = 0;
        foreach (var digit in id)
        {
            n = (n * 10) + (digit - '0');
        }

        HighestManageAgentsId = Math.Max(HighestManageAgentsId, n);
    }
}
