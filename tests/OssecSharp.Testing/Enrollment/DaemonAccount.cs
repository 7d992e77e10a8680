namespace OssecSharp.Tests.Common.Enrollment;

/// <summary>
/// Flags that keep a daemon started by a test under the test's own account: run as root, a daemon would otherwise
/// drop to the <c>ossec</c> user, which cannot write into a throwaway install created by root.
/// </summary>
internal static class DaemonAccount
{
    public static string[] SameAsTest => Environment.UserName == "root" ? ["-u", "root", "-g", "root"] : [];
}
