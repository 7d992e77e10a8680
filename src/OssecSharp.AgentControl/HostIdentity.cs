using System.Net;
using System.Runtime.InteropServices;
using OssecSharp.Core;

namespace OssecSharp.AgentControl;

/// <summary>The manager's own name and uname (agent ID 000).</summary>
internal static class HostIdentity
{
    /// <summary>gethostname(), whole (Environment.MachineName drops the domain part on Unix).</summary>
    public static string HostName()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }

    /// <summary>getuname() up to " - ": <c>&lt;sysname&gt; &lt;nodename&gt; &lt;release&gt; &lt;version&gt; &lt;machine&gt;</c>.</summary>
    public static string Uname()
    {
        static string Proc(string name, string fallback)
        {
            try
            {
                return File.ReadAllText("/proc/sys/kernel/" + name).Trim();
            }
            catch (IOException)
            {
                return fallback;
            }
            catch (UnauthorizedAccessException)
            {
                return fallback;
            }
        }

        var machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "i686",
            Architecture.Arm => "armv7l",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{Proc("ostype", "Linux")} {HostName()} {Proc("osrelease", "unknown")} {Proc("version", "unknown")} {machine}";
    }

    /// <summary>The version the manager reports for itself.</summary>
    public static string OssecVersion => ProductInfo.OssecName + " " + ProductInfo.OssecVersion;
}
