using System.Net;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// Where a datagram came from and how to answer it: a UDP source on the socket it arrived on, or one TCP connection.
/// </summary>
internal interface IPeer
{
    /// <summary>Source address (IPv4-mapped IPv6 reduced to IPv4, as OSSEC's <c>srcip</c>).</summary>
    IPAddress Address { get; }

    /// <summary>Textual source address compared with the client.keys ip string.</summary>
    string IpString { get; }

    /// <summary>Stable hash of the source address, used to spread sources over the fair queue.</summary>
    int AddressHash { get; }

    /// <summary>"udp" or "tcp".</summary>
    string Transport { get; }

    /// <summary>False once the peer cannot be answered any more (closed TCP connection).</summary>
    bool IsOpen { get; }

    /// <summary>One of this peer's messages decrypted with an agent's key (a TCP connection is then no longer evictable).</summary>
    void MarkAuthenticated();

    /// <summary>Sends one message (a whole encrypted datagram); false when it could not be handed to the OS.</summary>
    bool TrySend(ReadOnlySpan<byte> message);
}
