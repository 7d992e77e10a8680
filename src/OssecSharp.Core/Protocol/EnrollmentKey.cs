namespace OssecSharp.Core.Protocol;

/// <summary>The four fields of a key issued by the manager (one <c>client.keys</c> line).</summary>
/// <param name="Id">Agent ID as sent (authd: plain decimal from 1024).</param>
/// <param name="Name">Agent name.</param>
/// <param name="Ip">IP field: <c>any</c> or a single address.</param>
/// <param name="Key">The 64-hex-character secret.</param>
public sealed record EnrollmentKey(string Id, string Name, string Ip, string Key)
{
    /// <summary>The <c>client.keys</c> line without its newline.</summary>
    public override string ToString() => $"{Id} {Name} {Ip} {Key}";
}
