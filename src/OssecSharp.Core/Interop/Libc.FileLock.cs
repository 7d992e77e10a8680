using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OssecSharp.Core.Interop;

/// <summary>
/// Open file description locks (fcntl F_OFD_SETLK): a write lock on the whole file, held by one open descriptor, so
/// two descriptors of one process contend as two processes do. They are independent of flock(2), which .NET takes
/// (shared) when it opens a file, so a reader opening the locked file is never refused.
/// </summary>
public static partial class Libc
{
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;

    private const int F_OFD_SETLK = 37;
    private const short F_WRLCK = 1;
    private const short F_UNLCK = 2;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlLock(int fd, int command, ref FileLockRecord record);

    /// <summary>Takes the write lock on the whole file without waiting: 0, or the errno (EAGAIN/EACCES when held).</summary>
    internal static int TryLockWhole(SafeFileHandle handle) => SetLock(handle, F_WRLCK);

    /// <summary>Releases the lock taken by <see cref="TryLockWhole"/>.</summary>
    internal static void UnlockWhole(SafeFileHandle handle) => SetLock(handle, F_UNLCK);

    /// <summary>fchown of an open descriptor; 0 or the errno.</summary>
    internal static int Fchown(SafeFileHandle handle, uint owner, uint group) =>
        WithFd(handle, fd => Fchown(fd, owner, group) == 0 ? 0 : Marshal.GetLastPInvokeError());

    private static int SetLock(SafeFileHandle handle, short type) =>
        WithFd(handle, fd =>
        {
            var record = new FileLockRecord { Type = type };
            return FcntlLock(fd, F_OFD_SETLK, ref record) == 0 ? 0 : Marshal.GetLastPInvokeError();
        });

    private static int WithFd(SafeFileHandle handle, Func<int, int> call)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return call((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>struct flock on 64-bit Linux (x86-64 and arm64): whole file when start and length are 0.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    private struct FileLockRecord
    {
        [FieldOffset(0)]
        public short Type;

        [FieldOffset(2)]
        public short Whence;

        [FieldOffset(8)]
        public long Start;

        [FieldOffset(16)]
        public long Length;

        // Must be 0 for OFD locks.
        [FieldOffset(24)]
        public int Pid;
    }
}
