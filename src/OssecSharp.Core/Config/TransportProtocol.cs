namespace OssecSharp.Core.Config;

/// <summary>Transports of a listener or client (<c>udp</c>, <c>tcp</c>, or both as <c>udp,tcp</c>).</summary>
[Flags]
public enum TransportProtocol
{
    /// <summary>None given.</summary>
    None = 0,

    /// <summary>UDP (OSSEC's default).</summary>
    Udp = 1,

    /// <summary>TCP.</summary>
    Tcp = 2,
}
