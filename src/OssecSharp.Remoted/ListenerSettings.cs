using System.Net;
using OssecSharp.Core.Keys;

namespace OssecSharp.Remoted;

/// <summary>One <c>&lt;remote&gt;</c> block as remoted runs it.</summary>
internal sealed record ListenerSettings
{
    public bool Secure { get; init; } = true;

    public int Port { get; init; } = 1514;

    public bool Udp { get; init; } = true;

    public bool Tcp { get; init; }

    public IPAddress? LocalIp { get; init; }

    /// <summary>Syslog only: sources allowed, then sources denied (IP or CIDR).</summary>
    public IReadOnlyList<KeyIp> AllowedIps { get; init; } = [];

    public IReadOnlyList<KeyIp> DeniedIps { get; init; } = [];
}
