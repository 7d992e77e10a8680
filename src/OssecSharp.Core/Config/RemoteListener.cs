using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Config;

/// <summary>One <c>&lt;remote&gt;</c> block (control-and-files.md §4.2).</summary>
public sealed class RemoteListener
{
    internal RemoteListener(string file, int line) => (File, Line) = (file, line);

    /// <summary>Where the block starts (for messages).</summary>
    public string File { get; }

    /// <summary>Line of the <c>&lt;remote&gt;</c> tag.</summary>
    public int Line { get; }

    /// <summary>secure or syslog.</summary>
    public RemoteConnection Connection { get; internal set; }

    /// <summary>Port: 1514 secure, 514 syslog unless given.</summary>
    public int Port { get; internal set; }

    /// <summary>Transports as configured (<c>udp</c>, <c>tcp</c>, <c>udp,tcp</c>); UDP when absent.</summary>
    public TransportProtocol RequestedProtocol { get; internal set; } = TransportProtocol.Udp;

    /// <summary>Transports to listen on: a secure listener is always UDP in OSSEC 4.2.</summary>
    public TransportProtocol Protocol =>
        Connection == RemoteConnection.Secure ? TransportProtocol.Udp : RequestedProtocol;

    /// <summary>Bind address, or null for all.</summary>
    public string? LocalIp { get; internal set; }

    /// <summary><c>ipv6</c> yes/no (accepted; the bind is dual-stack anyway).</summary>
    public bool Ipv6 { get; internal set; }

    /// <summary>Syslog senders allowed (IP or CIDR).</summary>
    public IReadOnlyList<KeyIp> AllowedIps => AllowedList;

    /// <summary>Syslog senders denied (IP or CIDR).</summary>
    public IReadOnlyList<KeyIp> DeniedIps => DeniedList;

    /// <summary>Cipher policy of a secure listener.</summary>
    public CryptoAcceptPolicy CryptoAccept { get; internal set; }

    internal List<KeyIp> AllowedList { get; } = [];

    internal List<KeyIp> DeniedList { get; } = [];
}
