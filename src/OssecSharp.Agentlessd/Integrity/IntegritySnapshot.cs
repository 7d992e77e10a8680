using System.Text;

namespace OssecSharp.Agentlessd.Integrity;

/// <summary>
/// The records of one complete pass over a host (path → checksum), and its file under
/// <c>queue/agentless/.state/</c>: one <c>&lt;checksum&gt; &lt;path&gt;</c> line per file, sorted, written atomically.
/// </summary>
internal sealed class IntegritySnapshot
{
    private readonly Dictionary<string, string> _records;

    public IntegritySnapshot() => _records = new(StringComparer.Ordinal);

    private IntegritySnapshot(Dictionary<string, string> records) => _records = records;

    public int Count => _records.Count;

    public IReadOnlyDictionary<string, string> Records => _records;

    /// <summary>Adds a record; a second record for the same path replaces the first.</summary>
    public void Add(IntegrityRecord record) => _records[record.Path] = record.Checksum;

    /// <summary>What changed from <paramref name="previous"/> to this pass, in path order.</summary>
    public List<IntegrityChange> CompareTo(IntegritySnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var changes = new List<IntegrityChange>();
        foreach (var (path, checksum) in _records)
        {
            if (!previous._records.TryGetValue(path, out var old))
            {
                changes.Add(new(IntegrityChangeKind.Added, path, null, checksum));
            }
            else if (!string.Equals(old, checksum, StringComparison.Ordinal))
            {
                changes.Add(new(IntegrityChangeKind.Modified, path, old, checksum));
            }
        }

        foreach (var (path, old) in previous._records)
        {
            if (!_records.ContainsKey(path))
            {
                changes.Add(new(IntegrityChangeKind.Removed, path, old, null));
            }
        }

        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    /// <summary>Loads a snapshot file; null when there is none (first pass). Malformed lines are skipped.</summary>
    public static IntegritySnapshot? Load(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            if (IntegrityRecord.TryParse(line, out var record) == IntegrityRecord.Rejection.None)
            {
                records[record.Path] = record.Checksum;
            }
        }

        return new IntegritySnapshot(records);
    }

    /// <summary>Writes the snapshot: temp file in the same folder, fsync, rename.</summary>
    public void Save(string file)
    {
        var tmp = $"{file}.{Environment.ProcessId}.tmp";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            };
            using (var stream = new FileStream(tmp, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024))
            {
                foreach (var path in _records.Keys.Order(StringComparer.Ordinal))
                {
                    writer.Write(_records[path]);
                    writer.Write(' ');
                    writer.Write(path);
                    writer.Write('\n');
                }

                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, file, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
