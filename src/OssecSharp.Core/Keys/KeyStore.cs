using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The one writer of client.keys. Every change takes the install-wide lock file (<c>etc/client.keys.lock</c>,
/// opened with <see cref="FileShare.None"/>, i.e. flock on Unix), re-reads the file, applies the change and
/// replaces the file atomically (temp file in the same folder, fsync, rename). Readers never lock: a rename
/// means they see either the old or the new file, never a torn one.
/// </summary>
public sealed partial class KeyStore
{
    /// <summary>Default time to wait for the lock.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates a store over <paramref name="filePath"/> guarded by <paramref name="lockPath"/>.</summary>
    public KeyStore(string filePath, string? lockPath = null, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FilePath = Path.GetFullPath(filePath);
        LockPath = lockPath is null ? FilePath + ".lock" : Path.GetFullPath(lockPath);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>The store of an install: <c>etc/client.keys</c> with <c>etc/client.keys.lock</c>.</summary>
    public static KeyStore ForInstall(OssecPaths paths, TimeSpan? lockTimeout = null) =>
        new(paths.ClientKeys, paths.ClientKeysLock, lockTimeout);

    /// <summary>The client.keys path.</summary>
    public string FilePath { get; }

    /// <summary>The lock file shared by every process that writes client.keys.</summary>
    public string LockPath { get; }

    /// <summary>How long a change waits for the lock before failing with <see cref="KeyStoreLockTimeoutException"/>.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>Whether client.keys exists (daemons log 1402/1751 when not).</summary>
    public bool Exists => File.Exists(FilePath);

    /// <summary>Parses the current file (a missing file reads as empty). Does not lock.</summary>
    public KeyFileContent ReadContent() => KeyFileParser.Parse(ReadText());

    /// <summary>Loads an immutable snapshot of the current file. Does not lock.</summary>
    public KeyTable Load() => new(ReadContent());

    /// <summary>Cheap change check data: size, mtime (100 ns) and creation time of the file.</summary>
    public KeyFileStamp GetStamp() => KeyFileStamp.Of(FilePath);

    /// <summary>Runs <paramref name="body"/> under the lock on the freshly read file and writes its changes once.</summary>
    public T Update<T>(Func<KeyTransaction, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var lockStream = AcquireLock();
        return Apply(body);
    }

    /// <summary>As <see cref="Update{T}"/>, waiting for the lock asynchronously.</summary>
    public async Task<T> UpdateAsync<T>(Func<KeyTransaction, T> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var lockStream = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        await using (lockStream.ConfigureAwait(false))
        {
            return Apply(body);
        }
    }

    /// <summary>Adds one agent (validated; duplicates refused with a reason).</summary>
    public KeyAddResult Add(KeyAddRequest request) => Update(tx => tx.Add(request));

    /// <summary>Adds one agent, waiting for the lock asynchronously.</summary>
    public Task<KeyAddResult> AddAsync(KeyAddRequest request, CancellationToken cancellationToken = default) =>
        UpdateAsync(tx => tx.Add(request), cancellationToken);

    /// <summary>Adds many agents in ONE rewrite; one result per request, in order.</summary>
    public IReadOnlyList<KeyAddResult> AddRange(IEnumerable<KeyAddRequest> requests) =>
        Update(tx => (IReadOnlyList<KeyAddResult>)[.. requests.Select(tx.Add)]);

    /// <summary>Marks the live entry with this id removed (no key material kept; the id stays used).</summary>
    public KeyValidationError Remove(string id) => Update(tx => tx.Remove(id));

    /// <summary>Rewrites a live entry's line (same id).</summary>
    public KeyValidationError Replace(string id, string name, string ipField, string key) =>
        Update(tx => tx.Replace(id, name, ipField, key));

    private T Apply<T>(Func<KeyTransaction, T> body)
    {
        var text = ReadText();
        var tx = new KeyTransaction(text, new KeyTable(KeyFileParser.Parse(text)));
        var result = body(tx);
        if (tx.HasChanges)
        {
            WriteAtomically(tx.Render());
        }

        return result;
    }

    private string ReadText()
    {
        try
        {
            return KeyFileParser.FileEncoding.GetString(File.ReadAllBytes(FilePath));
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }
}
