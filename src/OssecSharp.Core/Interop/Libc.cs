using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>
/// The few libc calls .NET has no managed API for (signals to other processes, identities, sessions,
/// O_APPEND writes). Linux only: the flag values below are Linux's (identical on x86-64 and arm64).
/// </summary>
public static partial class Libc
{
    /// <summary>The polite stop signal: ossec-control sends it first so a daemon can flush and remove its PID file.</summary>
    public const int SIGTERM = 15;

    /// <summary>The signal that cannot be caught, for a daemon that did not stop after SIGTERM.</summary>
    public const int SIGKILL = 9;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EPERM = 1;

    internal const int O_WRONLY = 0x1;
    internal const int O_RDWR = 0x2;
    internal const int O_CREAT = 0x40;
    internal const int O_APPEND = 0x400;
    internal const int O_EXCL = 0x80;
    internal const int ENOENT = 2;
    internal const int EEXIST = 17;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>recv/recvmmsg flag: return at once (EAGAIN) when nothing is queued, on a socket kept blocking.</summary>
    internal const int MSG_DONTWAIT = 0x40;

    /// <summary>madvise(2) advice: the pages of the range may be dropped; a file mapping's come back from the file on use.</summary>
    public const int MADV_DONTNEED = 4;

    /// <summary>madvise(2) over <paramref name="length"/> bytes from <paramref name="address"/>; 0, or -1 with the errno kept.</summary>
    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>kill(2): sends a signal to another process; 0, or -1 with the errno kept.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpid")]
    internal static partial int GetPid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    internal static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    internal static partial uint GetGid();

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    internal static partial int SetUid(uint uid);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    internal static partial int SetGid(uint gid);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    internal static partial int SetGroups(nuint size, uint[] groups);

    [LibraryImport("libc", EntryPoint = "initgroups", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int InitGroups(string user, uint group);

    /// <summary>chown(2) of a path (following links); 0, or -1 with the errno kept.</summary>
    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    internal static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "umask")]
    internal static partial uint Umask(uint mask);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    internal static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    internal static partial int Dup2(int oldFd, int newFd);

    /// <summary>True when a process with this id exists (kill(pid, 0) succeeds or fails only with EPERM).</summary>
    internal static bool ProcessExists(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        return Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPERM;
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it failed (errno kept).</summary>
    internal static bool SendSignal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>True when running with an effective uid of 0.</summary>
    public static bool IsRoot => GetEuid() == 0;

    /// <summary>
    /// Gives a file that was just created the owner and group of its folder, when the creator is root: a daemon opens
    /// its shared and state files before it drops to its account (OSSEC's layout), and must still write or replace
    /// them afterwards. Best effort, as OSSEC's own chown calls at start-up.
    /// </summary>
    internal static void GiveFolderOwner(int fd, string path)
    {
        if (IsRoot && System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } folder
            && TryStatx(folder, out var owner))
        {
            _ = Fchown(fd, owner.Uid, owner.Gid);
        }
    }
}
