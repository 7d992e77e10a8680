using System.Net;

namespace OssecSharp.Agentd.Session;

/// <summary>What the session needs from <c>&lt;client&gt;</c> and the internal options.</summary>
internal sealed record SessionOptions
{
    public required IReadOnlyList<ServerAddress> Servers { get; init; }

    public int Port { get; init; } = 1514;

    public IPAddress? LocalIp { get; init; }

    /// <summary><c>&lt;protocol&gt;tcp&lt;/protocol&gt;</c>: Wazuh's framing over TCP instead of OSSEC's UDP.</summary>
    public bool Tcp { get; init; }

    public TimeSpan NotifyTime { get; init; } = TimeSpan.FromSeconds(600);

    public TimeSpan ReconnectTime { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>OSSEC's one-second unit of the handshake waits (smaller in tests).</summary>
    public TimeSpan HandshakeStep { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Unconfirmed events held for a manager that confirms receipts (<c>agent.receipt_window</c>).</summary>
    public int ReceiptWindow { get; init; } = 1024;

    /// <summary>No confirmation for this long while events wait for one: the manager is taken as gone
    /// (<c>agent.receipt_timeout</c>).</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>With the client buffer off, OSSEC's lock file <c>queue/ossec/.wait</c> is kept while offline.</summary>
    public string? WaitLockPath { get; init; }
}
