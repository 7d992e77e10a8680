using System.Net;

namespace OssecSharp.Remoted;

/// <summary>One <c>&lt;remote&gt;</c> block as remoted runs it.</summary>
internal sealed record RemoteListener
{
    public bool Secure { get; init; } = true;

    public int Port { get; init; } = 1514;

    public bool Udp { get; init; } = true;

    public bool Tcp { get; init; }

    public IPAddress? LocalIp { get; init; }

    /// <summary>Syslog only: sources allowed, then sources denied (CIDR as address + prefix).</summary>
    public IReadOnlyList<(IPAddress Network, int Prefix)> AllowedIps { get; init; } = [];

    public IReadOnlyList<(IPAddress Network, int Prefix)> DeniedIps { get; init; } = [];
}
