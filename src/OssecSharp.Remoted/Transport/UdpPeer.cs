using System.Net;
using System.Net.Sockets;

namespace OssecSharp.Remoted.Transport;

/// <summary>A UDP source, answered through the socket bound to the address the datagram was sent to.</summary>
internal sealed class UdpPeer : IPeer
{
    private readonly Socket _replySocket;
    private readonly SocketAddress _address;

    public UdpPeer(Socket replySocket, SocketAddress address, IPEndPoint endPoint)
    {
        _replySocket = replySocket;
        _address = address;
        EndPoint = endPoint;
        Address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        IpString = Address.ToString();
        AddressHash = Address.GetHashCode();
    }

    public IPEndPoint EndPoint { get; }

    public IPAddress Address { get; }

    public string IpString { get; }

    public int AddressHash { get; }

    public string Transport => "udp";

    public bool IsOpen => true;

    public void MarkAuthenticated()
    {
        // A UDP source holds nothing that could be evicted.
    }

    public bool TrySend(ReadOnlySpan<byte> message)
    {
        try
        {
            return _replySocket.SendTo(message, SocketFlags.None, _address) == message.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public override string ToString() => EndPoint.ToString();
}
