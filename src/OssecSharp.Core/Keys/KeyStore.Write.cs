namespace OssecSharp.Core.Keys;

/// <summary>Locking and the atomic rewrite.</summary>
public sealed partial class KeyStore
{
    private const UnixFileMode NewFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private static readonly TimeSpan s_lockRetryDelay = TimeSpan.FromMilliseconds(5);

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            if (TryOpenLock() is { } stream)
            {
                return stream;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new KeyStoreLockTimeoutException(LockPath, LockTimeout);
            }

            Thread.Sleep(s_lockRetryDelay);
        }
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            if (TryOpenLock() is { } stream)
            {
                return stream;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new KeyStoreLockTimeoutException(LockPath, LockTimeout);
            }

            await Task.Delay(s_lockRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private FileStream? TryOpenLock()
    {
        try
        {
            // FileShare.None is flock(LOCK_EX | LOCK_NB) on Unix: per open file description, so tasks of one
            // process contend exactly like separate processes do.
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(LockPath))
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (File.Exists(LockPath))
        {
            // Windows reports a held lock file this way while it is being created by another process.
            return null;
        }
    }

    // One write of the whole image, fsync, rename over the old file, fsync of the folder (so the rename itself is
    // durable before a key is handed out), keeping the old file's mode. Returns the new file's stamp, read from the
    // still-open temp file after the rename: its inode is ours, so a later replacement by anyone else is always seen.
    private KeyFileStamp WriteAtomically(ArraySegment<byte> bytes)
    {
        return Hosting.AtomicFile.Replace(FilePath, bytes, KeyFileMode(), syncDirectory: true, handle => KeyFileStamp.Of(handle, FilePath));
    }

    // The mode client.keys has now (a rewrite and the journal keep it), or 0640 for a first file.
    private UnixFileMode KeyFileMode() => File.Exists(FilePath) ? File.GetUnixFileMode(FilePath) : NewFileMode;
}
