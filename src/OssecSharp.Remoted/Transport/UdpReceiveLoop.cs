using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Net;
using Serilog;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// The tight receive loop of one UDP socket, on a thread of its own: one reused 64 KiB buffer and one reused <see cref="SocketAddress"/>,
/// no disk, no crypto; every datagram is copied and handed to the sink (which only queues it).
/// A socket bound to the wildcard address also reads the destination address of each datagram
/// (IP_PKTINFO) so that the answer can leave from that same address (see <see cref="UdpListenerGroup"/>).
/// </summary>
internal sealed class UdpReceiveLoop
{
    private const int MaxPeers = 1 << 17;
    private const int BatchSize = 64;
    private const int MaxDatagram = 65536;
    private readonly Socket _socket;
    private readonly IDatagramSink _sink;
    private readonly ILogger _log;
    private readonly Func<IPAddress, Socket?>? _replySocketFor;
    private readonly Dictionary<SocketAddress, UdpPeer> _peers = [];
    private readonly Dictionary<(IPEndPoint, IPAddress), UdpPeer> _wildcardPeers = [];

    /// <param name="replySocketFor">For a wildcard socket: the socket bound to a given local address
    /// (null keeps answering from the wildcard socket).</param>
    public UdpReceiveLoop(Socket socket, IDatagramSink sink, ILogger log, Func<IPAddress, Socket?>? replySocketFor)
    {
        _socket = socket;
        _sink = sink;
        _log = log;
        _replySocketFor = replySocketFor;
    }

    private volatile bool _stopping;

    public Socket Socket => _socket;

    /// <summary>Tells the loop that its socket is about to be closed (a receive woken by the close returns nothing).</summary>
    public void Stop() => _stopping = true;

    /// <summary>
    /// Receives until cancelled or the socket is closed, on the calling thread: one blocking receive per datagram (no
    /// readiness notification, no continuation on the thread pool). The receive timeout lets the loop see a
    /// cancellation within a second even where closing the socket does not end a blocked receive.
    /// </summary>
    public void Run(CancellationToken cancellationToken)
    {
        if (_replySocketFor is null && UdpBatchReceiver.IsSupported)
        {
            RunBatched(cancellationToken);
            return;
        }

        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var address = new SocketAddress(_socket.AddressFamily);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        try
        {
            _socket.ReceiveTimeout = 1000;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested && !_stopping)
        {
            try
            {
                if (_replySocketFor is null)
                {
                    var received = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                    if (_stopping)
                    {
                        break;
                    }

                    _sink.Accept(buffer.AsSpan(0, received), PeerFor(address));
                }
                else
                {
                    var flags = SocketFlags.None;
                    var remote = any;
                    var received = _socket.ReceiveMessageFrom(buffer, ref flags, ref remote, out var packet);
                    if (_stopping)
                    {
                        break;
                    }

                    var peer = WildcardPeerFor((IPEndPoint)remote, packet.Address);
                    _sink.Accept(buffer.AsSpan(0, received), peer);
                }
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                if (EndsLoop(e, cancellationToken))
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Linux, socket bound to one address: up to <see cref="BatchSize"/> datagrams per system call. When a call
    /// empties the socket's queue the loop pauses a millisecond before the next, so that under load the datagrams
    /// arrive at the workers (and the writer) in batches instead of waking them one by one; the kernel's receive
    /// buffer holds them meanwhile (100 datagrams at 100,000/s).
    /// </summary>
    private void RunBatched(CancellationToken cancellationToken)
    {
        using var batch = new UdpBatchReceiver(_socket, BatchSize, MaxDatagram);
        var address = new SocketAddress(_socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested && !_stopping)
        {
            try
            {
                var count = batch.Receive(1000);
                if (_stopping)
                {
                    break;
                }

                for (var i = 0; i < count; i++)
                {
                    if (batch.Truncated(i))
                    {
                        _log.Debug("UDP receive: {Error}", SocketError.MessageSize);
                        continue;
                    }

                    batch.CopySource(i, address);
                    _sink.Accept(batch.Datagram(i), PeerFor(address));
                }

                if (count is > 0 and < BatchSize)
                {
                    Thread.Sleep(1);
                }
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                if (EndsLoop(e, cancellationToken))
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// What a failed receive means, the same for both loops: the socket closed under it ends the loop; an idle timeout
    /// and an ICMP error or oversized datagram of one peer do not; anything else is logged and retried after 100 ms
    /// so that a persistent error cannot spin.
    /// </summary>
    private bool EndsLoop(SocketException e, CancellationToken cancellationToken)
    {
        switch (e.SocketErrorCode)
        {
            case SocketError.OperationAborted or SocketError.Interrupted or SocketError.NotSocket or SocketError.Shutdown:
                return true;
            case SocketError.TimedOut or SocketError.WouldBlock:
                return false;
            case SocketError.ConnectionReset or SocketError.MessageSize:
                _log.Debug("UDP receive: {Error}", e.SocketErrorCode);
                return false;
            default:
                _log.Error(e, "UDP receive failed: {Error}", e.SocketErrorCode);
                cancellationToken.WaitHandle.WaitOne(100);
                return false;
        }
    }

    private UdpPeer PeerFor(SocketAddress address)
    {
        if (_peers.TryGetValue(address, out var peer))
        {
            return peer;
        }

        if (_peers.Count >= MaxPeers)
        {
            // Spoofed floods could grow the cache forever; sessions keep their own peer references.
            _peers.Clear();
        }

        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(copy);
        peer = new UdpPeer(_socket, copy, endPoint);
        _peers[copy] = peer;
        return peer;
    }

    private UdpPeer WildcardPeerFor(IPEndPoint remote, IPAddress local)
    {
        if (_wildcardPeers.TryGetValue((remote, local), out var peer))
        {
            return peer;
        }

        if (_wildcardPeers.Count >= MaxPeers)
        {
            _wildcardPeers.Clear();
        }

        var reply = _replySocketFor!(local) ?? _socket;
        var target = reply.AddressFamily == remote.AddressFamily
            ? remote
            : new IPEndPoint(remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address.MapToIPv6(), remote.Port);
        peer = new UdpPeer(reply, target.Serialize(), remote);
        _wildcardPeers[(remote, local)] = peer;
        return peer;
    }
}
