using System.Net;
using OssecSharp.Core.Keys;

namespace OssecSharp.Remoted;

/// <summary>One <c>&lt;remote&gt;</c> block of ossec.conf (control-and-files.md §4.2), an element of <see cref="RemotedConfig"/>.</summary>
internal sealed record RemoteListener
{
    /// <summary><c>connection</c>: secure (agents) or syslog.</summary>
    public bool Secure { get; init; } = true;

    /// <summary><c>port</c>: 1514 secure, 514 syslog unless given.</summary>
    public int Port { get; init; } = 1514;

    /// <summary><c>protocol</c> as configured (UDP when absent). OSSEC 4.2 forces a secure listener to UDP;
    /// OssecSharp also serves TCP there, with Wazuh's framing.</summary>
    public bool Udp { get; init; } = true;

    public bool Tcp { get; init; }

    /// <summary><c>local_ip</c>: bind address, or null for all.</summary>
    public IPAddress? LocalIp { get; init; }

    /// <summary>Line of the <c>&lt;remote&gt;</c> tag (0 when built in code).</summary>
    public int Line { get; init; }

    /// <summary>Syslog only: sources allowed, then sources denied (IP or CIDR).</summary>
    public IReadOnlyList<KeyIp> AllowedIps { get; init; } = [];

    public IReadOnlyList<KeyIp> DeniedIps { get; init; } = [];
}
