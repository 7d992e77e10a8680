using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OssecSharp.Agentd.Follow;

/// <summary>
/// Device and inode of a file, to tell a rotated file (same path, new inode) from the one we hold open, as OSSEC's
/// logcollector does with <c>stat</c>/<c>fstat</c>. .NET has no inode API, hence these two calls.
/// </summary>
internal readonly partial record struct FileIdentity(ulong Device, ulong Inode)
{
    // struct stat on 64-bit Linux (x86_64 and the generic layout of arm64) starts with st_dev then st_ino, 8 bytes each.
    private const int StatBufferSize = 256;

    /// <summary>The identity of the file at <paramref name="path"/>, or null if it does not exist.</summary>
    public static FileIdentity? OfPath(string path)
    {
        Span<byte> buffer = stackalloc byte[StatBufferSize];
        return Stat(path, buffer) == 0 ? FromBuffer(buffer) : null;
    }

    /// <summary>The identity of an open file.</summary>
    public static FileIdentity? OfHandle(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[StatBufferSize];
        return FStat(handle, buffer) == 0 ? FromBuffer(buffer) : null;
    }

    private static FileIdentity FromBuffer(ReadOnlySpan<byte> buffer) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(buffer), BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]));

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int FStat(SafeFileHandle handle, Span<byte> buffer);
}
