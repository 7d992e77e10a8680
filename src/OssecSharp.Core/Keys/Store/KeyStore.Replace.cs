using Microsoft.Win32.SafeHandles;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Keys;

/// <summary>The agent's write: the whole file becomes the one key received from the manager (agent-auth, import).</summary>
public sealed partial class KeyStore
{
    /// <summary>
    /// Replaces client.keys by the single <paramref name="line"/> (OSSEC's agent-auth overwrites the file with exactly
    /// <c>id name ip key\n</c>), under the lock. Root (the tools that do this run as root) writes a new file next to
    /// it, gives it the old file's owner, group and mode, fsyncs and renames it over the old one, so a crash leaves
    /// the old key or the new one. Where no file can be created or given that owner (an account that may only
    /// write the file itself), the file is rewritten in place: the line, then the cut, then fsync.
    /// </summary>
    public void OverwriteWithSingleEntry(string line)
    {
        ArgumentException.ThrowIfNullOrEmpty(line);
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("One line without newline expected.", nameof(line));
        }

        var bytes = KeyFileParser.FileEncoding.GetBytes(line + "\n");
        using var held = _lock.Acquire(LockTimeout);
        if (TryReplaceByRename(held, bytes) is not { } stamp)
        {
            RandomAccess.Write(held.Handle, bytes, 0);
            RandomAccess.SetLength(held.Handle, bytes.Length);
            RandomAccess.FlushToDisk(held.Handle);
            stamp = KeyFileStamp.Of(held.Handle, FilePath);
        }

        _image = KeyFileImage.Read(bytes, stamp);
    }

    // The new file's stamp, or null when this account cannot create the file with the old one's owner and mode.
    private KeyFileStamp? TryReplaceByRename(KeyFileLock.Held held, byte[] bytes)
    {
        if (!OperatingSystem.IsLinux() || !TryOwnership(held.Handle, out var uid, out var gid, out var mode))
        {
            return null;
        }

        var temp = $"{FilePath}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            // Root may give any owner; the owner itself may keep its own and a group it belongs to; anyone else
            // writes in place instead.
            if (Libc.Fchown(handle, uid, gid) != 0)
            {
                handle.Dispose();
                File.Delete(temp);
                return null;
            }

            // The mode first: the key is written to a file only its readers can open.
            File.SetUnixFileMode(handle, mode);
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
            File.Move(temp, FilePath, overwrite: true);
            Libc.TryFsyncDirectory(Path.GetDirectoryName(FilePath)!);
            _lock.Adopt(held, handle);
            return KeyFileStamp.Of(handle, FilePath);
        }
        catch
        {
            handle.Dispose();
            TryDelete(temp);
            throw;
        }
    }

    private static bool TryOwnership(SafeFileHandle handle, out uint uid, out uint gid, out UnixFileMode mode)
    {
        uid = gid = 0;
        mode = File.GetUnixFileMode(handle);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (!Libc.TryFstatx((int)handle.DangerousGetHandle(), out var st))
            {
                return false;
            }

            uid = st.Uid;
            gid = st.Gid;
            return true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
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
            // The failure that brought us here is what the caller must see.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
