using System.Security.Cryptography;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// Builds each keepalive (channel-control §3): uname line, <c> / md5</c> of <c>etc/shared/agent.conf</c> when
/// present, md5 of <c>etc/shared/merged.mg</c> (or <c>x</c>), a blank line and the random tail.
/// </summary>
internal sealed class KeepaliveBuilder
{
    private readonly string _uname;
    private readonly string _agentConf;
    private readonly string _merged;

    public KeepaliveBuilder(string uname, string sharedDir)
    {
        _uname = uname;
        _agentConf = Path.Combine(sharedDir, "agent.conf");
        _merged = Path.Combine(sharedDir, MergedMg.FileName);
    }

    public byte[] Build() =>
        new KeepaliveMessage(_uname, Md5OfFile(_agentConf), [new SharedFileSum(Md5OfFile(_merged) ?? "x", MergedMg.FileName)],
            KeepaliveMessage.CreateRandomTail(Random.Shared)).Format();

    private static string? Md5OfFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(MD5.HashData(stream));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
