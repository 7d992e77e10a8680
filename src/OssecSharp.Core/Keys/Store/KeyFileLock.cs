using Microsoft.Win32.SafeHandles;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The one lock every writer of client.keys takes (authd, manage_agents, agent-auth, the agent's import): a write
/// lock on client.keys itself (an open file description lock on Linux), through a read-write descriptor this object
/// keeps open between changes. Nothing is created in <c>etc/</c> for it, so it works for a daemon account in OSSEC's
/// layout, and a descriptor opened by root before privileges are dropped keeps working whatever the file's mode
/// becomes (OSSEC's authd keeps its descriptor the same way). After the lock is taken the path must still name the
/// locked file: a root tool that replaced the file whole leaves the waiting writers locking the old inode, so they
/// reopen and lock the new one. Threads of one process are serialized by a gate first (one descriptor's lock does
/// not exclude itself). Elsewhere than Linux a <c>client.keys.lock</c> file held exclusively stands in.
/// </summary>
internal sealed class KeyFileLock
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(2);

    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SafeFileHandle? _handle;

    public KeyFileLock(string path)
    {
        _path = path;
    }

    /// <summary>
    /// Opens the read-write descriptor now (creating client.keys, 0640, when missing): ossec-authd calls it while still
    /// root, so the writes it makes after dropping to its account go through this descriptor.
    /// </summary>
    public void Open()
    {
        _gate.Wait();
        try
        {
            _handle ??= OpenOrCreate(_path);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Held Acquire(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        if (!_gate.Wait(timeout))
        {
            throw new KeyStoreLockTimeoutException(_path, timeout);
        }

#pragma warning disable VSTHRD002 // Synchronous mode never awaits anything unfinished: the task is complete here.
        return TakeAsync(deadline, timeout, synchronous: true, CancellationToken.None).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }

    public async Task<Held> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        if (!await _gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new KeyStoreLockTimeoutException(_path, timeout);
        }

        return await TakeAsync(deadline, timeout, synchronous: false, cancellationToken).ConfigureAwait(false);
    }

    // The one wait for the lock, gate held: a try every s_retryDelay until the deadline; the gate is released if it
    // fails. Synchronous mode (the command-line tools) blocks the thread between tries; otherwise (authd) it awaits.
    private async Task<Held> TakeAsync(DateTime deadline, TimeSpan timeout, bool synchronous, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (TryTake() is { } held)
                {
                    return held;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new KeyStoreLockTimeoutException(_path, timeout);
                }

                if (synchronous)
                {
                    Thread.Sleep(s_retryDelay);
                }
                else
                {
                    await Task.Delay(s_retryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>After a whole-file replacement: the new file's descriptor becomes the kept one (the old one is closed).</summary>
    internal void Adopt(Held held, SafeFileHandle replacement)
    {
        if (OperatingSystem.IsLinux())
        {
            Libc.UnlockWhole(held.Handle);
        }

        held.Handle.Dispose();
        _handle = replacement;
        held.Handle = replacement;
        held.Locked = false;
    }

    // Called with the gate held: the lock, or null when another descriptor holds it.
    private Held? TryTake()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TryTakeLockFile();
        }

        var handle = _handle ??= OpenOrCreate(_path);
        var error = Libc.TryLockWhole(handle);
        if (error is Libc.EAGAIN or Libc.EACCES)
        {
            return null;
        }

        if (error != 0)
        {
            throw new IOException($"Unable to lock {_path} (errno {error}).");
        }

        if (!StillNames(handle))
        {
            // Replaced (or deleted) while we waited: lock the file the path names now.
            Libc.UnlockWhole(handle);
            handle.Dispose();
            _handle = null;
            return TryTake();
        }

        return new Held(this, handle, null) { Locked = true };
    }

    private Held? TryTakeLockFile()
    {
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            var handle = _handle;
            if (handle is null || !File.Exists(_path))
            {
                handle?.Dispose();
                handle = _handle = OpenOrCreate(_path);
            }

            return new Held(this, handle, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    private bool StillNames(SafeFileHandle handle) =>
        Libc.TryStatx(_path, out var byPath) && TryFstat(handle, out var byHandle)
        && byPath.Inode == byHandle.Inode && byPath.Device == byHandle.Device;

    private static bool TryFstat(SafeFileHandle handle, out StatxResult result)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Libc.TryFstatx((int)handle.DangerousGetHandle(), out result);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // The existing file for reading and writing, or a new empty one (0640, the mode OSSEC's authd gives it).
    private static SafeFileHandle OpenOrCreate(string path)
    {
        const FileShare share = FileShare.ReadWrite | FileShare.Delete;
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, share);
        }
        catch (FileNotFoundException)
        {
            try
            {
                var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, share);
                if (!OperatingSystem.IsWindows())
                {
                    // Set before anything is written to it: group ossec (remoted, agentd) reads it, nobody else. A
                    // file root creates takes the group of etc/ (root:ossec in OSSEC's layout), not root's.
                    File.SetUnixFileMode(handle, NewFileMode);
                    if (OperatingSystem.IsLinux() && Libc.IsRoot && Libc.TryStatx(Path.GetDirectoryName(path)!, out var folder))
                    {
                        _ = Libc.Fchown(handle, uint.MaxValue, folder.Gid);
                    }
                }

                return handle;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by another writer.
                return File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, share);
            }
        }
    }

    /// <summary>The lock while held; disposing it releases the lock and the gate.</summary>
    internal sealed class Held : IDisposable
    {
        private readonly KeyFileLock _owner;
        private readonly FileStream? _lockFile;
        private bool _disposed;

        public Held(KeyFileLock owner, SafeFileHandle handle, FileStream? lockFile)
        {
            _owner = owner;
            Handle = handle;
            _lockFile = lockFile;
        }

        /// <summary>The read-write descriptor of the locked client.keys.</summary>
        public SafeFileHandle Handle { get; set; }

        /// <summary>Whether an OFD lock on <see cref="Handle"/> is to be released.</summary>
        public bool Locked { get; set; }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (Locked && !Handle.IsClosed)
            {
                Libc.UnlockWhole(Handle);
            }

            _lockFile?.Dispose();
            _owner._gate.Release();
        }
    }
}
