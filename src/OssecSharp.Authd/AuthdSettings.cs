using System.Net;

namespace OssecSharp.Authd;

/// <summary>Everything ossec-authd needs to serve, from its flags (enrollment.md §5) and internal options.</summary>
internal sealed record AuthdSettings
{
    public const int DefaultPort = 1515;

    /// <summary>Address to bind; null = all addresses, IPv6 with IPv4 mapped (OSSEC's behaviour).</summary>
    public IPAddress? BindAddress { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary><c>-i</c>: register the client's source IP instead of <c>any</c>.</summary>
    public bool UseSourceIp { get; init; }

    /// <summary>The shared password as bytes, or empty with <c>-n</c>.</summary>
    public ReadOnlyMemory<byte> Password { get; init; }

    /// <summary>Handshake plus request must complete within this time (OSSEC 4.x: 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections served at once; beyond it the oldest connection still waiting for its request is dropped.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Pause after an error reply before closing (OSSEC sleeps 1 s so the agent reads both records).</summary>
    public TimeSpan ErrorCloseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
