using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The one writer of client.keys. Every change takes the install-wide lock file (<c>etc/client.keys.lock</c>,
/// opened with <see cref="FileShare.None"/>, i.e. flock on Unix), re-reads the file, applies the change and
/// replaces the file atomically (temp file in the same folder, fsync, rename). Readers never lock: a rename
/// means they see either the old or the new file, never a torn one.
/// The store keeps the bytes and table of the file it last read or wrote with that file's stamp (size, mtime
/// and ctime in ns, inode): under the lock an unchanged stamp means no re-read or re-parse, and a change is
/// written by splicing or appending lines to those bytes rather than formatting every entry again.
/// </summary>
public sealed partial class KeyStore
{
    // The last image read or written; immutable, replaced as a whole. Only ever reused after a fresh stat
    // shows the file is still the one it was read from.
    private volatile KeyFileImage? _image;

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

    /// <summary>
    /// Set by a process that makes one change and exits (manage_agents): its transactions answer lookups by scanning
    /// the file's bytes instead of parsing and indexing every line, which only pays off for a process that keeps
    /// the table for later changes. The lock, the re-read and the atomic rewrite are the same.
    /// </summary>
    public bool OneShot { get; init; }

    /// <summary>Whether client.keys exists (daemons log 1402/1751 when not).</summary>
    public bool Exists => File.Exists(FilePath);

    /// <summary>Parses the current file plus the journal's pending lines (a missing file reads as empty). Does not lock.</summary>
    public KeyFileContent ReadContent() => KeyFileParser.Parse(ReadBytes());

    /// <summary>
    /// The bytes of client.keys followed by the lines of the journal not folded into it yet: what the file will read
    /// once the journal is compacted. Does not lock.
    /// </summary>
    public byte[] ReadBytes()
    {
        var (image, journal) = CurrentState();
        var bytes = image.Bytes.AsSpan();
        if (journal.IsEmpty)
        {
            return bytes.ToArray();
        }

        var text = new System.Text.StringBuilder();
        if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            text.Append('\n');
        }

        foreach (var entry in journal.Entries)
        {
            text.Append(entry.ToLine()).Append('\n');
        }

        return [.. bytes, .. KeyFileParser.FileEncoding.GetBytes(text.ToString())];
    }

    /// <summary>Loads an immutable snapshot of client.keys plus the journal (cached when unchanged). Does not lock.</summary>
    public KeyTable Load()
    {
        var (image, journal) = CurrentState();
        return journal.Combine(image.Table);
    }

    /// <summary>Loads the snapshot together with the stamps of the very files it was read from.</summary>
    internal KeyTable Load(out KeyStoreStamp stamp)
    {
        var (image, journal) = CurrentState();
        stamp = new KeyStoreStamp(image.Stamp, journal.JournalStamp);
        return journal.Combine(image.Table);
    }

    /// <summary>Cheap change check data: the stamps of client.keys and of the journal (two stat calls).</summary>
    public KeyStoreStamp GetStamp() => new(KeyFileStamp.Of(FilePath), KeyFileStamp.Of(JournalPath));

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
        // Journaled enrollments become lines of the file first, so this change can see, edit or remove them.
        var (image, journal) = CurrentState();
        if (!journal.IsEmpty)
        {
            image = Compact(image, journal);
        }

        var tx = new KeyTransaction(image, OneShot);
        var result = body(tx);
        if (tx.HasChanges)
        {
            _image = tx.Render(WriteAtomically);
        }

        return result;
    }

    // The cached image when the file still has its stamp, else a fresh read (stamp taken from the open file).
    private KeyFileImage CurrentImage()
    {
        var cached = _image;
        if (cached is not null && cached.Stamp.Exists && KeyFileStamp.Of(FilePath) == cached.Stamp)
        {
            return cached;
        }

        var image = ReadImage();
        _image = image;
        return image;
    }

    // A file cut while being read (a writer that does not use the lock) gives what is there, with a stamp that no
    // longer matches, so the next look reads it again.
    private KeyFileImage ReadImage() =>
        StampedFileRead.Read(FilePath) is var (bytes, stamp) ? KeyFileImage.Read(bytes, stamp) : KeyFileImage.Missing;
}
