using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>
/// Socket calls .NET has no form of: a receive that does not block on a socket kept blocking for its other readers,
/// and the errors the project's own receives tell apart. recvmmsg and poll stay with <c>UdpBatchReceiver</c>, beside
/// the native structures they fill.
/// </summary>
public static partial class Libc
{
    internal const int EBADF = 9;
    internal const int ENOTSOCK = 88;
    internal const int ECONNREFUSED = 111;

    /// <summary>recv(2); the byte count, or -1 with the errno kept.</summary>
    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Recv(SafeHandle socket, byte* buffer, nuint length, int flags);
}
