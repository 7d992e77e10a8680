using Microsoft.Win32.SafeHandles;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Keys;

/// <summary>
/// A cheap identity of client.keys for change detection: existence, size, mtime and creation time, plus on
/// Linux the inode, device and nanosecond mtime/ctime from statx. Every atomic rewrite brings a new inode, so a
/// change within one mtime tick is still seen when the size or inode differs.
/// </summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteTicks">mtime in UTC ticks.</param>
/// <param name="CreationTicks">Birth (or status-change) time in UTC ticks.</param>
public readonly record struct KeyFileStamp(bool Exists, long Length, long LastWriteTicks, long CreationTicks)
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>Inode number (Linux; 0 elsewhere).</summary>
    public ulong Inode { get; init; }

    /// <summary>Device of the file system holding the file (Linux; 0 elsewhere).</summary>
    public ulong Device { get; init; }

    /// <summary>mtime in nanoseconds since the epoch (Linux; 0 elsewhere).</summary>
    public long LastWriteNanoseconds { get; init; }

    /// <summary>ctime in nanoseconds since the epoch (Linux; 0 elsewhere): moves on any in-place change.</summary>
    public long ChangeNanoseconds { get; init; }

    /// <summary>Reads the stamp of <paramref name="path"/> (one stat call).</summary>
    public static KeyFileStamp Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            return Libc.TryStatx(path, out var st) ? From(st) : default;
        }

        var info = new FileInfo(path);
        return info.Exists
            ? new KeyFileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks, info.CreationTimeUtc.Ticks)
            : default;
    }

    /// <summary>The stamp of an open file (fstat), so the stamp and the bytes read describe the same file.</summary>
    internal static KeyFileStamp Of(SafeFileHandle handle, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Of(path);
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Libc.TryFstatx((int)handle.DangerousGetHandle(), out var st) ? From(st) : default;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static KeyFileStamp From(StatxResult st) =>
        new(true, st.Size, UnixEpochTicks + (st.ModifiedNs / 100), UnixEpochTicks + ((st.HasBirth ? st.BirthNs : st.ChangedNs) / 100))
        {
            Inode = st.Inode,
            Device = st.Device,
            LastWriteNanoseconds = st.ModifiedNs,
            ChangeNanoseconds = st.ChangedNs,
        };
}
