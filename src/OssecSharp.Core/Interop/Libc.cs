using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

// TEMPORARY shim until the plumbing branch lands its Libc; deleted on merge.
internal static partial class Libc
{
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
