using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>
/// statx(2): the one stat call whose buffer layout is the same on every Linux architecture, so the inode,
/// device and nanosecond times can be read without per-arch <c>struct stat</c> layouts.
/// </summary>
public static partial class Libc
{
    internal const int AT_FDCWD = -100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS_AND_BTIME = 0xfff;
    internal const int StatxBufferSize = 256;

    internal const int O_RDONLY = 0x0;
    internal const int O_DIRECTORY = 0x10000;

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int Fsync(int fd);

    /// <summary>
    /// fsync of a directory, so that a rename inside it is on disk too; false when it fails (errno kept).
    /// </summary>
    internal static bool TryFsyncDirectory(string directory)
    {
        var fd = Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxNative(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>statx of a path (following links); false when it fails (errno kept).</summary>
    public static unsafe bool TryStatx(string path, out StatxResult result)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        if (StatxNative(AT_FDCWD, path, 0, STATX_BASIC_STATS_AND_BTIME, buffer) != 0)
        {
            result = default;
            return false;
        }

        result = StatxResult.From(new ReadOnlySpan<byte>(buffer, StatxBufferSize));
        return true;
    }

    /// <summary>statx of an open descriptor (AT_EMPTY_PATH); false when it fails (errno kept).</summary>
    public static unsafe bool TryFstatx(int fd, out StatxResult result)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        if (StatxNative(fd, string.Empty, AT_EMPTY_PATH, STATX_BASIC_STATS_AND_BTIME, buffer) != 0)
        {
            result = default;
            return false;
        }

        result = StatxResult.From(new ReadOnlySpan<byte>(buffer, StatxBufferSize));
        return true;
    }
}

/// <summary>The statx fields used for file identity; times are nanoseconds since the epoch.</summary>
public readonly record struct StatxResult(
    ulong Inode, ulong Device, long Size, long ModifiedNs, long ChangedNs, long BirthNs, bool HasBirth, uint Uid = 0, uint Gid = 0, uint Links = 0)
{
    private const uint StatxBtimeMask = 0x800;

    /// <summary>Decodes the fixed statx layout (linux/stat.h), native little-endian on supported targets.</summary>
    internal static StatxResult From(ReadOnlySpan<byte> b)
    {
        var mask = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(b[136..]) << 32)
            | BinaryPrimitives.ReadUInt32LittleEndian(b[140..]);
        return new StatxResult(
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            Device: device,
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(b[40..]),
            ModifiedNs: TimeAt(b[112..]),
            ChangedNs: TimeAt(b[96..]),
            BirthNs: TimeAt(b[80..]),
            HasBirth: (mask & StatxBtimeMask) != 0,
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(b[24..]),
            Links: BinaryPrimitives.ReadUInt32LittleEndian(b[16..]));
    }

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 reserved; }
    private static long TimeAt(ReadOnlySpan<byte> b) =>
        (BinaryPrimitives.ReadInt64LittleEndian(b) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
}
