using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Serilog;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// The UDP side of one <c>&lt;remote&gt;</c> block. With <c>local_ip</c> it is one socket. Without it, a wildcard
/// socket receives with IP_PKTINFO and, for every local address a datagram is sent to, a socket bound to that
/// address and the same port is opened: the answer leaves from the address the agent talked to (OSSEC answers
/// from the wildcard socket, so on a multi-homed manager the kernel may pick another source address and the
/// agent's connected socket drops the reply), and the kernel then delivers that address's traffic to the new
/// socket directly, which gets its own receive loop.
/// </summary>
internal sealed class UdpListenerGroup : IAsyncDisposable
{
    private const int MaxBoundAddresses = 64;
    private readonly IDatagramSink _sink;
    private readonly ILogger _log;
    private readonly int _receiveBuffer;
    private readonly ConcurrentDictionary<IPAddress, Socket?> _bound = new();
    private readonly List<Task> _loops = [];
    private readonly List<UdpReceiveLoop> _receivers = [];
    private readonly object _gate = new();
    private CancellationToken _token;
    private Socket? _primary;

    public UdpListenerGroup(IDatagramSink sink, ILogger log, int receiveBufferBytes)
    {
        _sink = sink;
        _log = log;
        _receiveBuffer = receiveBufferBytes;
    }

    /// <summary>The port actually bound (useful with port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Every socket of the group (for the kernel's drop counts).</summary>
    public IEnumerable<Socket> Sockets => _primary is null ? _bound.Values.OfType<Socket>() : [_primary, .. _bound.Values.OfType<Socket>()];

    /// <summary>Binds and starts the receive loop(s). Throws <see cref="SocketException"/> when the bind fails.</summary>
    public void Start(IPAddress? localIp, int port, CancellationToken cancellationToken)
    {
        _token = cancellationToken;
        if (localIp is not null)
        {
            _primary = Bind(new IPEndPoint(localIp, port), reuse: false, packetInfo: false);
            Port = ((IPEndPoint)_primary.LocalEndPoint!).Port;
            StartLoop(new UdpReceiveLoop(_primary, _sink, _log, null));
            return;
        }

        var family = Socket.OSSupportsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        _primary = Bind(new IPEndPoint(any, port), reuse: true, packetInfo: true);
        Port = ((IPEndPoint)_primary.LocalEndPoint!).Port;

        // The interface addresses get their sockets now: a socket opened later, while an agent is already sending,
        // could let two loops hand that agent's datagrams over out of order (the replay rule would drop some).
        foreach (var address in LocalAddresses())
        {
            ReplySocketFor(address);
        }

        StartLoop(new UdpReceiveLoop(_primary, _sink, _log, ReplySocketFor));
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return [];
        }

        return interfaces
            .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork
                || (a.AddressFamily == AddressFamily.InterNetworkV6 && Socket.OSSupportsIPv6 && !a.IsIPv6LinkLocal))
            .Distinct()
            .ToList();
    }

    private Socket? ReplySocketFor(IPAddress local)
    {
        if (local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        if (local.Equals(IPAddress.Any) || local.Equals(IPAddress.IPv6Any))
        {
            return null;
        }

        return _bound.GetOrAdd(local, address =>
        {
            if (_bound.Count >= MaxBoundAddresses || _token.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                var socket = Bind(new IPEndPoint(address, Port), reuse: true, packetInfo: false);
                StartLoop(new UdpReceiveLoop(socket, _sink, _log, null));
                _log.Debug("Answering agents from {Address} port {Port}.", address, Port);
                return socket;
            }
            catch (SocketException e)
            {
                _log.Warning("Unable to bind {Address} port {Port} for replies ({Error}); answering from the wildcard socket.",
                    address, Port, e.SocketErrorCode);
                return null;
            }
        });
    }

    private Socket Bind(IPEndPoint endPoint, bool reuse, bool packetInfo)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (reuse)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            if (packetInfo)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
                }
            }

            SocketTuning.SetReceiveBuffer(socket, _receiveBuffer);
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void StartLoop(UdpReceiveLoop loop)
    {
        lock (_gate)
        {
            _receivers.Add(loop);

            // A thread of its own per socket: its receives block, so it must not hold a thread of the pool.
            _loops.Add(Task.Factory.StartNew(
                () => loop.Run(_token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var receiver in _receivers)
            {
                receiver.Stop();
            }
        }

        _primary?.Dispose();
        foreach (var socket in _bound.Values)
        {
            socket?.Dispose();
        }

        Task[] loops;
        lock (_gate)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
