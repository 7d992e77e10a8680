using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>
/// Appends whole records to a file opened with O_APPEND, one write(2) per record, so that records from several
/// processes (possibly running as different users) never interleave. .NET's FileMode.Append seeks to the end
/// instead of using O_APPEND, which is not atomic across processes, hence the direct libc calls.
/// </summary>
public static class AppendFile
{
    /// <summary>Opens <paramref name="path"/> (created with <paramref name="mode"/> if missing), appends, closes.</summary>
    /// <returns>0 on success, else the errno of the failing call.</returns>
    public static int Append(string path, ReadOnlySpan<byte> record, uint mode = 0x1B0 /* 0660 */)
    {
        var fd = Open(path, mode);
        if (fd < 0)
        {
            return -fd;
        }

        try
        {
            return WriteAll(fd, record);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending; returns the descriptor, or minus the errno. A file this call
    /// creates gets exactly <paramref name="mode"/> (not narrowed by the umask) and, when created by root, the owner
    /// and group of its folder: files that several daemon accounts append to (ossec.log, the archives) must stay
    /// writable by each of them whichever one, or a root tool, creates them first.
    /// </summary>
    public static int Open(string path, uint mode)
    {
        const int flags = Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CLOEXEC;
        while (true)
        {
            var fd = Libc.Open(path, flags, 0);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.ENOENT)
            {
                return -errno;
            }

            fd = Libc.Open(path, flags | Libc.O_CREAT | Libc.O_EXCL, mode);
            if (fd < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EEXIST)
                {
                    continue; // Another process created it between the two calls: append to theirs.
                }

                return -errno;
            }

            _ = Libc.Fchmod(fd, mode);
            Libc.GiveFolderOwner(fd, path);

            return fd;
        }
    }

    /// <summary>Writes the whole span with as few write(2) calls as the kernel allows (one for regular files).</summary>
    public static unsafe int WriteAll(int fd, ReadOnlySpan<byte> record)
    {
        fixed (byte* start = record)
        {
            var offset = 0;
            while (offset < record.Length)
            {
                var written = Libc.Write(fd, start + offset, (nuint)(record.Length - offset));
                if (written < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                offset += (int)written;
            }
        }

        return 0;
    }
}
