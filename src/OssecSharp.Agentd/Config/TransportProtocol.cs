namespace OssecSharp.Agentd.Config;

/// <summary><c>&lt;protocol&gt;</c> of <c>&lt;client&gt;</c>: <c>udp</c> or <c>tcp</c>.</summary>
[Flags]
internal enum TransportProtocol
{
    /// <summary>None given.</summary>
    None = 0,

    /// <summary>UDP (OSSEC's default).</summary>
    Udp = 1,

    /// <summary>TCP.</summary>
    Tcp = 2,
}
