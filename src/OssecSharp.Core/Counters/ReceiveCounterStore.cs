namespace OssecSharp.Core.Counters;

/// <summary>
/// Last accepted counters per peer, files <c>queue/rids/&lt;id&gt;</c> (keys-and-crypto.md §7.2). Files are created
/// empty when absent (read as 0:0) and written every <c>flushEvery</c> accepted messages process-wide (internal option
/// <c>remoted.recv_counter_flush</c>, default 128), on <see cref="Flush"/> and on dispose. At each periodic check a
/// file that was deleted or replaced is re-read (0:0 when recreated empty), as 4.x does, so an operator can reset a
/// counter without a restart; <see cref="Reset"/> does the same explicitly. Thread-safe.
/// </summary>
public sealed class ReceiveCounterStore : IDisposable
{
    /// <summary>OSSEC's default for <c>remoted.recv_counter_flush</c>.</summary>
    public const int DefaultFlushEvery = 128;

    private readonly string _directory;
    private readonly int _flushEvery;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _acceptedSinceFlush;

    /// <summary>
    /// A store over the files in <paramref name="ridsDirectory"/>, written every <paramref name="flushEvery"/> accepted
    /// messages.
    /// </summary>
    public ReceiveCounterStore(string ridsDirectory, int flushEvery = DefaultFlushEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushEvery, 1);
        _directory = ridsDirectory;
        _flushEvery = flushEvery;
    }

    /// <summary>The stored counters of <paramref name="id"/>, opening its file on first use.</summary>
    public MessageCounter Get(string id)
    {
        lock (_lock)
        {
            return GetEntry(id).Value;
        }
    }

    /// <summary>Checks <paramref name="received"/> against the stored counters and stores it when accepted.</summary>
    public ReplayVerdict CheckAndUpdate(string id, MessageCounter received, bool verify = true)
    {
        lock (_lock)
        {
            var entry = GetEntry(id);
            var verdict = ReplayRule.Check(entry.Value, received, verify);
            if (verdict == ReplayVerdict.Accept)
            {
                entry.Value = received;
                entry.Dirty = true;
                if (++_acceptedSinceFlush >= _flushEvery)
                {
                    _acceptedSinceFlush = 0;
                    FlushLocked(checkReplaced: true);
                }
            }

            return verdict;
        }
    }

    /// <summary>Writes every changed counter now (shutdown, keys reload).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            FlushLocked(checkReplaced: false);
        }
    }

    /// <summary>
    /// Keys reload: writes what changed, then closes every file so each counter is read again on next use. (OSSEC
    /// re-reads without writing first and so forgets up to 128 messages of state; writing first keeps the replay
    /// window closed.)
    /// </summary>
    public void Reload()
    {
        lock (_lock)
        {
            FlushLocked(checkReplaced: false);
            foreach (var entry in _entries.Values)
            {
                entry.File.Dispose();
            }

            _entries.Clear();
        }
    }

    /// <summary>Operator's resync: forget the counters of <paramref name="id"/> and empty its file (0:0).</summary>
    public void Reset(string id)
    {
        lock (_lock)
        {
            var entry = GetEntry(id);
            entry.File.ReopenIfReplaced();
            entry.File.Truncate();
            entry.Value = default;
            entry.Dirty = false;
        }
    }

    /// <summary>OSSEC's <c>OS_RemoveCounter</c>: unlink the file (agent removed); a missing file is not an error.</summary>
    public void Remove(string id)
    {
        lock (_lock)
        {
            if (_entries.Remove(id, out var entry))
            {
                entry.File.Dispose();
            }

            File.Delete(System.IO.Path.Combine(_directory, id));
        }
    }

    /// <summary>Flushes and closes the files.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            FlushLocked(checkReplaced: false);
            foreach (var entry in _entries.Values)
            {
                entry.File.Dispose();
            }

            _entries.Clear();
        }
    }

    private Entry GetEntry(string id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            if (id.Length == 0 || id.AsSpan().IndexOfAny('/', '\0') >= 0 || id is "." or "..")
            {
                throw new ArgumentException("Not a valid agent id for a counter file.", nameof(id));
            }

            var file = new CounterFile(System.IO.Path.Combine(_directory, id));
            entry = new Entry(file) { Value = file.Read() };
            _entries.Add(id, entry);
        }

        return entry;
    }

    private void FlushLocked(bool checkReplaced)
    {
        // Only entries changed since the last flush (at most flushEvery of them) are checked and written.
        foreach (var entry in _entries.Values)
        {
            if (!entry.Dirty)
            {
                continue;
            }

            if (checkReplaced && entry.File.ReopenIfReplaced())
            {
                // Deleted or replaced by an operator: the file's content wins (0:0 when recreated empty).
                entry.Value = entry.File.Read();
                entry.Dirty = false;
                continue;
            }

            entry.File.Write(entry.Value);
            entry.Dirty = false;
        }
    }

    private sealed class Entry(CounterFile file)
    {
        public CounterFile File { get; } = file;

        public MessageCounter Value { get; set; }

        public bool Dirty { get; set; }
    }
}
