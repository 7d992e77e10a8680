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

    // One write of the whole image, fsync, rename over the old file, fsync of the folder (so the rename itself
    // is durable before a key is handed out). Returns the new file's stamp, read from the still-open temp file
    // after the rename: its inode is ours, so a later replacement by anyone else is always seen.
    private KeyFileStamp WriteAtomically(ArraySegment<byte> bytes)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        var tmp = Path.Combine(directory, $"{Path.GetFileName(FilePath)}.{Environment.ProcessId}.tmp");
        var mode = NewFileMode;
        if (!OperatingSystem.IsWindows() && File.Exists(FilePath))
        {
            mode = File.GetUnixFileMode(FilePath);
        }

        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0,
            };
            if (OperatingSystem.IsWindows())
            {
                using (var stream = new FileStream(tmp, options))
                {
                    stream.Write(bytes);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(tmp, FilePath, overwrite: true);
                return KeyFileStamp.Of(FilePath);
            }

            options.UnixCreateMode = mode;
            using (var stream = new FileStream(tmp, options))
            {
                stream.Write(bytes);

                // UnixCreateMode is filtered by the umask; keep exactly the old file's mode.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Flush(flushToDisk: true);
                File.Move(tmp, FilePath, overwrite: true);
                if (OperatingSystem.IsLinux())
                {
                    Interop.Libc.TryFsyncDirectory(directory);
                }

                return KeyFileStamp.Of(stream.SafeFileHandle, FilePath);
            }
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
