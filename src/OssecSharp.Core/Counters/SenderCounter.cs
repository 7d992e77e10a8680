namespace OssecSharp.Core.Counters;

/// <summary>
/// The process's send counter, <c>queue/rids/sender_counter</c> (keys-and-crypto.md §7.1). Each
/// <see cref="Next"/> wraps the local counter after 9997 (global + 1, local 1), persists the new value and only then
/// returns it, so a crash never reuses a counter. Thread-safe.
/// </summary>
public sealed class SenderCounter : IDisposable
{
    /// <summary>Local counter value after which OSSEC wraps to the next global value.</summary>
    public const uint LocalWrap = 9997;

    private readonly CounterFile _file;
    private readonly Lock _lock = new();
    private readonly Func<uint>? _globalFloor;
    private MessageCounter _current;

    /// <summary>Opens (or creates) the file and loads it; missing or unparsable content starts at 0:0.</summary>
    /// <param name="path">The counter file.</param>
    /// <param name="globalFloor">
    /// A value the global counter is raised to when it is below (a cluster node: the clock's seconds, so that an agent
    /// moving between nodes sees their counters go on rising; docs/cluster.md). Null: OSSEC's arithmetic alone.
    /// </param>
    public SenderCounter(string path, Func<uint>? globalFloor = null)
    {
        _file = new CounterFile(path);
        _current = _file.Read();
        _globalFloor = globalFloor;
    }

    /// <summary>The last value handed out (or loaded).</summary>
    public MessageCounter Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Advances, writes <c>G:L:</c> at offset 0 and returns the counters for the next datagram.</summary>
    public MessageCounter Next()
    {
        lock (_lock)
        {
            // 4.x reloads when the file was replaced or deleted under it (an operator's reset).
            if (_file.ReopenIfReplaced())
            {
                _current = _file.Read();
            }

            _current = Advance(_current);
            if (_globalFloor?.Invoke() is { } floor && floor > _current.Global)
            {
                _current = new MessageCounter(floor, 1);
            }

            _file.Write(_current);
            return _current;
        }
    }

    /// <summary>OSSEC's arithmetic: wrap when local ≥ 9997, then local + 1.</summary>
    public static MessageCounter Advance(MessageCounter value)
    {
        var (global, local) = (value.Global, value.Local);
        if (local >= LocalWrap)
        {
            local = 0;
            global++;
        }

        return new MessageCounter(global, local + 1);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
