using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>
/// Appends whole records to a file opened with O_APPEND, one write(2) per record, so that records from several
/// processes (possibly running as different users) never interleave. .NET's FileMode.Append seeks to the end
/// instead of using O_APPEND, which is not atomic across processes, hence the direct libc calls.
/// </summary>
internal static class AppendFile
{
    /// <summary>Opens <paramref name="path"/> (created with <paramref name="mode"/> if missing), appends, closes.</summary>
    /// <returns>0 on success, else the errno of the failing call.</returns>
    public static int Append(string path, ReadOnlySpan<byte> record, uint mode = 0x1B0 /* 0660 */)
    {
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, mode);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
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
