namespace OssecSharp.Core.Keys;

/// <summary>
/// Lets a reader (remoted, agentd) pick up client.keys changes without a restart: one stat per check, and a
/// re-read only when the stamp moved. Safe to call from one background task while others read <see cref="Current"/>.
/// </summary>
public sealed class KeyFileWatcher
{
    private readonly KeyStore _store;
    private KeyFileStamp _stamp;
    private volatile KeyTable _current;

    /// <summary>Loads the current table.</summary>
    public KeyFileWatcher(KeyStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _current = store.Load(out _stamp);
    }

    /// <summary>The latest loaded snapshot.</summary>
    public KeyTable Current => _current;

    /// <summary>Whether the file differs from the one loaded last (one stat call).</summary>
    public bool HasChanged() => _store.GetStamp() != _stamp;

    /// <summary>Re-reads the file when its stamp moved; returns the new table, or null when unchanged.</summary>
    public KeyTable? ReloadIfChanged()
    {
        var stamp = _store.GetStamp();
        if (stamp == _stamp)
        {
            return null;
        }

        // The stamp kept is the one of the file actually read, so a change racing this reload is seen next time.
        var table = _store.Load(out var loaded);
        _stamp = loaded;
        _current = table;
        return table;
    }
}
