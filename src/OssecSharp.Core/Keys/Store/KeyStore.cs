using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The one writer of client.keys, built for OSSEC's layout (<c>etc/</c> is <c>550 root:ossec</c>: a daemon account
/// can create or rename nothing there). Every change is made to the file itself, under a write lock on the file
/// (<see cref="KeyFileLock"/>): new agents are appended with one write and one fsync before the change returns (so
/// before authd sends a key), a removal overwrites the start of the agent's line with OSSEC's marker in place, so the
/// inode, owner, group and mode never change. Only <see cref="OverwriteWithSingleEntry"/> (an agent's own key,
/// written by root tools) replaces the file whole, keeping its owner, group and mode. Readers never lock: an append or
/// a marker is one write, and a reader that sees a change half done sees the stamp move again and re-reads.
/// The store keeps the bytes and table of the file it last read or wrote with that file's stamp (size, mtime and
/// ctime in ns, inode): under the lock an unchanged stamp means no re-read or re-parse.
/// </summary>
public sealed partial class KeyStore
{
    // The last image read or written; immutable, replaced as a whole. Only ever reused after a fresh stat
    // shows the file is still the one it was read from.
    private volatile KeyFileImage? _image;

    /// <summary>Default time to wait for the lock.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Creates a store over <paramref name="filePath"/>.</summary>
    public KeyStore(string filePath, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        FilePath = Path.GetFullPath(filePath);
        LockTimeout = lockTimeout ?? DefaultLockTimeout;
        _lock = new KeyFileLock(FilePath);
    }

    /// <summary>The store of an install: <c>etc/client.keys</c>.</summary>
    public static KeyStore ForInstall(OssecPaths paths, TimeSpan? lockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new(paths.ClientKeys, lockTimeout);
    }

    /// <summary>The client.keys path.</summary>
    public string FilePath { get; }

    /// <summary>How long a change waits for the lock before failing with <see cref="KeyStoreLockTimeoutException"/>.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>
    /// Set by a process that makes one change and exits (manage_agents): its transactions answer lookups by scanning
    /// the file's bytes instead of parsing and indexing every line, which only pays off for a process that keeps
    /// the table for later changes. The lock and the write are the same.
    /// </summary>
    public bool OneShot { get; init; }

    /// <summary>Whether client.keys exists (daemons log 1402/1751 when not).</summary>
    public bool Exists => File.Exists(FilePath);

    /// <summary>Parses the current file (a missing file reads as empty). Does not lock.</summary>
    public KeyFileContent ReadContent() => KeyFileParser.Parse(CurrentImage().Bytes);

    /// <summary>The bytes of client.keys (empty when missing). Does not lock.</summary>
    public byte[] ReadBytes() => CurrentImage().Bytes.AsSpan().ToArray();

    /// <summary>Loads an immutable snapshot of client.keys (cached when unchanged). Does not lock.</summary>
    public KeyTable Load() => CurrentImage().Table;

    /// <summary>Loads the snapshot together with the stamp of the very file it was read from.</summary>
    internal KeyTable Load(out KeyFileStamp stamp)
    {
        var image = CurrentImage();
        stamp = image.Stamp;
        return image.Table;
    }

    /// <summary>Cheap change check data: the stamp of client.keys (one stat call).</summary>
    public KeyFileStamp GetStamp() => KeyFileStamp.Of(FilePath);

    /// <summary>Runs <paramref name="body"/> under the lock on the freshly read file and writes its changes once.</summary>
    public T Update<T>(Func<KeyTransaction, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var held = _lock.Acquire(LockTimeout);
        return Apply(held, body);
    }

    /// <summary>As <see cref="Update{T}"/>, waiting for the lock asynchronously.</summary>
    public async Task<T> UpdateAsync<T>(Func<KeyTransaction, T> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var held = await _lock.AcquireAsync(LockTimeout, cancellationToken).ConfigureAwait(false);
        using (held)
        {
            return Apply(held, body);
        }
    }

    /// <summary>Adds one agent (validated; duplicates refused with a reason).</summary>
    public KeyAddResult Add(KeyAddRequest request) => Update(tx => tx.Add(request));

    /// <summary>Adds one agent, waiting for the lock asynchronously.</summary>
    public Task<KeyAddResult> AddAsync(KeyAddRequest request, CancellationToken cancellationToken = default) =>
        UpdateAsync(tx => tx.Add(request), cancellationToken);

    /// <summary>Adds many agents in ONE append; one result per request, in order.</summary>
    public IReadOnlyList<KeyAddResult> AddRange(IEnumerable<KeyAddRequest> requests) =>
        Update(tx => (IReadOnlyList<KeyAddResult>)[.. requests.Select(tx.Add)]);

    /// <summary>Marks the live entry with this id removed (in place; the id stays used).</summary>
    public KeyValidationError Remove(string id) => Update(tx => tx.Remove(id));

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

    // A file cut while being read gives what is there, with a stamp that no longer matches, so the next look reads
    // it again.
    private KeyFileImage ReadImage() =>
        StampedFileRead.Read(FilePath) is var (bytes, stamp) ? KeyFileImage.Read(bytes, stamp) : KeyFileImage.Missing;
}
