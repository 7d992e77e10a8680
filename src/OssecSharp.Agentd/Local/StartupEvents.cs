using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Layout;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// The events OSSEC's agentd sends after its first handshake (channel-control §6.3): <c>Agent started</c>, then
/// syscheck records of its own <c>ossec.conf</c> and <c>internal_options.conf</c>.
/// </summary>
internal static partial class StartupEvents
{
    public static IEnumerable<byte[]> Create(AgentIdentity identity, OssecPaths paths)
    {
        yield return Encoding.UTF8.GetBytes($"1:ossec:ossec: Agent started: '{identity.Name}->{identity.IpString}'.");
        yield return Encoding.UTF8.GetBytes("8:syscheck:" + IntegrityRecord(paths.OssecConf));
        yield return Encoding.UTF8.GetBytes("8:syscheck:" + IntegrityRecord(paths.InternalOptions));
    }

    /// <summary><c>&lt;size&gt;:&lt;mode&gt;:&lt;uid&gt;:&lt;gid&gt;:&lt;md5&gt;:&lt;sha1&gt; &lt;path&gt;</c>, or <c>-1 &lt;path&gt;</c>.</summary>
    public static string IntegrityRecord(string path)
    {
        Span<byte> stat = stackalloc byte[256];
        if (Stat(path, stat) != 0)
        {
            return "-1 " + path;
        }

        // struct stat: x86_64 has st_nlink (8 bytes) before st_mode; the generic 64-bit layout (arm64) after it.
        var x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        var mode = BinaryPrimitives.ReadUInt32LittleEndian(stat[(x64 ? 24 : 16)..]);
        var uid = BinaryPrimitives.ReadUInt32LittleEndian(stat[(x64 ? 28 : 24)..]);
        var gid = BinaryPrimitives.ReadUInt32LittleEndian(stat[(x64 ? 32 : 28)..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(stat[48..]);
        string md5 = "xxx", sha1 = "xxx";
        try
        {
            var bytes = File.ReadAllBytes(path);
            md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
            sha1 = Convert.ToHexStringLower(SHA1.HashData(bytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // OSSEC writes xxx for hashes it cannot compute.
        }

        return $"{size}:{mode}:{uid}:{gid}:{md5}:{sha1} {path}";
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, Span<byte> buffer);
}
