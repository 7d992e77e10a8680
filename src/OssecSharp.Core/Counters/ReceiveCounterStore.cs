using System.Collections.Concurrent;

namespace OssecSharp.Core.Counters;

/// <summary>
/// Last accepted counters per peer, files <c>queue/rids/&lt;id&gt;</c> (keys-and-crypto.md §7.2). Files are created
/// empty when absent (read as 0:0). A peer's file is written after every <c>flushEvery</c> of its accepted messages
/// (internal option <c>remoted.recv_counter_flush</c>, default 128), every changed file at least once a second while
/// messages are accepted (looked at every <c>flushEvery</c> accepted messages process-wide), on <see cref="Flush"/> and
/// on dispose. At a periodic check (at most once a second per agent) a file that was deleted or replaced is re-read
/// (0:0 when recreated empty), as 4.x does, so an operator can reset a counter without a restart; <see cref="Reset"/>
/// does the same explicitly. Thread-safe.
/// </summary>
/// <remarks>
/// remoted's decrypt workers check and update counters concurrently: each agent's counters have their own lock (one
/// agent's datagrams always reach the same worker, so it is never contended), and an agent that changes is put once
/// on a list of changed agents, which the flush writes and empties. Only the writes and the structural changes
/// (open, reset, reload, remove) take the store-wide lock, and never while a counter is being checked.
/// OSSEC 4.x writes only the current agent's file every 128 messages process-wide (another agent's file may lag
/// without bound); writing every changed file at each of those points instead cost one write(2) per message with
/// 1,000 agents sending. A file now lags by at most 128 of its agent's messages or about a second.
/// </remarks>
public sealed class ReceiveCounterStore : IDisposable
{
    /// <summary>OSSEC's default for <c>remoted.recv_counter_flush</c>.</summary>
    public const int DefaultFlushEvery = 128;

    private const long ReplacedCheckIntervalMs = 1000;
    private const long SweepIntervalMs = 1000;
    private readonly string _directory;
    private readonly int _flushEvery;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Entry> _changed = new();
    private readonly Lock _files = new();
    private long _accepted;
    private long _lastSweep = long.MinValue / 2;

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
        while (true)
        {
            var entry = GetEntry(id);
            lock (entry.Gate)
            {
                if (!entry.Closed)
                {
                    return entry.Value;
                }
            }
        }
    }

    /// <summary>Checks <paramref name="received"/> against the stored counters and stores it when accepted.</summary>
    public ReplayVerdict CheckAndUpdate(string id, MessageCounter received, bool verify = true)
    {
        ReplayVerdict verdict;
        Entry entry;
        var due = false;
        while (true)
        {
            entry = GetEntry(id);
            lock (entry.Gate)
            {
                if (entry.Closed)
                {
                    continue; // closed by a reload or a removal in the meantime: look the id up again
                }

                verdict = ReplayRule.Check(entry.Value, received, verify);
                if (verdict == ReplayVerdict.Accept)
                {
                    entry.Value = received;
                    due = ++entry.Unwritten >= _flushEvery;
                    if (!entry.Dirty)
                    {
                        entry.Dirty = true;
                        _changed.Enqueue(entry);
                    }
                }
            }

            break;
        }

        if (verdict != ReplayVerdict.Accept)
        {
            return verdict;
        }

        if (due)
        {
            lock (_files)
            {
                WriteLocked(entry, checkReplaced: true);
            }
        }

        // Exactly one caller sees each multiple of flushEvery; at most once a second it writes everything changed.
        if (Interlocked.Increment(ref _accepted) % _flushEvery == 0
            && Environment.TickCount64 - Volatile.Read(ref _lastSweep) >= SweepIntervalMs)
        {
            lock (_files)
            {
                Volatile.Write(ref _lastSweep, Environment.TickCount64);
                FlushLocked(checkReplaced: true);
            }
        }

        return verdict;
    }

    /// <summary>Writes every changed counter now (shutdown, keys reload).</summary>
    public void Flush()
    {
        lock (_files)
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
        lock (_files)
        {
            CloseAllLocked();
        }
    }

    /// <summary>Operator's resync: forget the counters of <paramref name="id"/> and empty its file (0:0).</summary>
    public void Reset(string id)
    {
        lock (_files)
        {
            var entry = GetEntry(id);
            entry.File.ReopenIfReplaced();
            entry.File.Truncate();
            lock (entry.Gate)
            {
                entry.Value = default;
                entry.Dirty = false;
                entry.Unwritten = 0;
            }
        }
    }

    /// <summary>OSSEC's <c>OS_RemoveCounter</c>: unlink the file (agent removed); a missing file is not an error.</summary>
    public void Remove(string id)
    {
        lock (_files)
        {
            if (_entries.TryRemove(id, out var entry))
            {
                Close(entry);
            }

            File.Delete(System.IO.Path.Combine(_directory, id));
        }
    }

    /// <summary>Flushes and closes the files.</summary>
    public void Dispose()
    {
        lock (_files)
        {
            CloseAllLocked();
        }
    }

    private Entry GetEntry(string id)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            return entry;
        }

        if (id.Length == 0 || id.AsSpan().IndexOfAny('/', '\0') >= 0 || id is "." or "..")
        {
            throw new ArgumentException("Not a valid agent id for a counter file.", nameof(id));
        }

        // Opening reads the file: under the store-wide lock, so that one id never has two open files.
        lock (_files)
        {
            if (!_entries.TryGetValue(id, out entry))
            {
                var file = new CounterFile(System.IO.Path.Combine(_directory, id));
                entry = new Entry(file) { Value = file.Read() };
                _entries[id] = entry;
            }

            return entry;
        }
    }

    private void FlushLocked(bool checkReplaced)
    {
        // Only the agents changed since the last flush are visited. One changed later than this snapshot waits for
        // the next flush; one changed while it is being written is listed again and written again next time.
        // An agent written on its own since it was listed is listed again when it next changes: visited twice, written
        // once per change.
        for (var pending = _changed.Count; pending > 0 && _changed.TryDequeue(out var entry); pending--)
        {
            WriteLocked(entry, checkReplaced);
        }
    }

    /// <summary>Writes one agent's counters when they changed since they were last written (store-wide lock held).</summary>
    private static void WriteLocked(Entry entry, bool checkReplaced)
    {
        MessageCounter value;
        lock (entry.Gate)
        {
            if (entry.Closed || !entry.Dirty)
            {
                return;
            }

            entry.Dirty = false;
            entry.Unwritten = 0;
            value = entry.Value;
        }

        if (checkReplaced && IsDueForReplacedCheck(entry) && entry.File.ReopenIfReplaced())
        {
            // Deleted or replaced by an operator: the file's content wins (0:0 when recreated empty).
            var read = entry.File.Read();
            lock (entry.Gate)
            {
                entry.Value = read;
                entry.Dirty = false;
            }

            return;
        }

        entry.File.Write(value);
    }

    // The look for an operator's reset costs a path lookup (statx): at most once a second per agent, not at every flush
    // (with 1,000 agents sending, nearly every accepted message makes its agent's file due at the next flush).
    private static bool IsDueForReplacedCheck(Entry entry)
    {
        var now = Environment.TickCount64;
        if (now - entry.LastReplacedCheck < ReplacedCheckIntervalMs)
        {
            return false;
        }

        entry.LastReplacedCheck = now;
        return true;
    }

    private void CloseAllLocked()
    {
        FlushLocked(checkReplaced: false);
        foreach (var id in _entries.Keys)
        {
            if (_entries.TryRemove(id, out var entry))
            {
                Close(entry);
            }
        }
    }

    private static void Close(Entry entry)
    {
        lock (entry.Gate)
        {
            // A worker may have accepted a message after the flush that came before this close: written here.
            entry.Closed = true;
            if (entry.Dirty)
            {
                entry.File.Write(entry.Value);
                entry.Dirty = false;
            }
        }

        entry.File.Dispose();
    }

    private sealed class Entry(CounterFile file)
    {
        /// <summary><see cref="Environment.TickCount64"/> of the last look for a replaced file (flusher only).</summary>
        public long LastReplacedCheck { get; set; } = long.MinValue / 2;

        public Lock Gate { get; } = new();

        public CounterFile File { get; } = file;

        public MessageCounter Value { get; set; }

        /// <summary>Changed since it was last written (and then listed in the changed queue).</summary>
        public bool Dirty { get; set; }

        /// <summary>Messages accepted since the file was last written.</summary>
        public int Unwritten { get; set; }

        /// <summary>Its file was closed (reload, removal): the id must be looked up again.</summary>
        public bool Closed { get; set; }
    }
}
