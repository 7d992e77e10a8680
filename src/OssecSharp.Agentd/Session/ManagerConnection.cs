using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Net;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// One connection to one manager (channel-control §5.4). UDP (OSSEC): a connected socket, so replies are only
/// accepted from the exact address the agent sends to and a closed port comes back as
/// <see cref="SocketError.ConnectionRefused"/>. TCP (Wazuh's framing, channel-control appendix): each message is a
/// 4-byte little-endian length and the datagram bytes; a closed connection is reported as a refusal too.
/// </summary>
internal sealed class ManagerConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[]? _streamBuffer;
    private int _streamStart;
    private int _streamEnd;
    private readonly BlockingReceive _blocking;

    private ManagerConnection(Socket socket, ServerAddress server, IPEndPoint remote, bool isStream)
    {
        _socket = socket;
        _blocking = new BlockingReceive(socket);
        Server = server;
        Remote = remote;
        IsStream = isStream;
        _streamBuffer = isStream ? new byte[2 * (TcpFraming.DefaultMaxFrameLength + TcpFraming.HeaderLength)] : null;
    }

    public ServerAddress Server { get; }

    public IPEndPoint Remote { get; }

    /// <summary>True for TCP: a lost connection must be made again before a new handshake.</summary>
    public bool IsStream { get; }

    /// <summary>Resolves the server (hostnames at every connect, as OSSEC) and connects to it.</summary>
    public static async Task<ManagerConnection> ConnectAsync(
        ServerAddress server, int port, IPAddress? localIp, bool tcp, CancellationToken cancellationToken)
    {
        IPAddress address;
        if (!server.IsHostname && IPAddress.TryParse(server.Host, out var parsed))
        {
            address = parsed;
        }
        else
        {
            var addresses = await Dns.GetHostAddressesAsync(server.Host, cancellationToken).ConfigureAwait(false);
            address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new SocketException((int)SocketError.HostNotFound);
        }

        var remote = new IPEndPoint(address, port);
        var socket = tcp
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (localIp is not null)
            {
                socket.Bind(new IPEndPoint(localIp, 0));
            }

            if (!tcp)
            {
                // UDP: connect is local (no packet), and a socket never used asynchronously stays in blocking mode,
                // out of the epoll engine: no epoll wake-up and thread-pool hop after each send (see Receive).
                socket.Connect(remote);
                return new ManagerConnection(socket, server, remote, tcp);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(remote, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            return new ManagerConnection(socket, server, remote, tcp);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        if (!IsStream)
        {
            // A blocking sendto, as OSSEC's: it returns once the datagram is queued (at once on a UDP socket).
            _socket.Send(datagram.Span, SocketFlags.None);
            return;
        }

        var frame = TcpFraming.Encode(datagram.Span);
        var sent = 0;
        while (sent < frame.Length)
        {
            sent += await _socket.SendAsync(frame.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// UDP only: receives one datagram, blocking the calling thread (the session's receive thread) for at most
    /// <paramref name="timeout"/> (then <see cref="SocketError.TimedOut"/> or WouldBlock).
    /// </summary>
    public int Receive(Span<byte> buffer, TimeSpan timeout) => _blocking.Receive(buffer, timeout);

    /// <summary>
    /// Wakes a thread blocked in <see cref="Receive"/> (it returns 0): a shutdown wakes it, a close does not. Only the
    /// receiving side is shut: the agent still sends its shutdown message on this connection after the stop.
    /// </summary>
    public void StopReceiving() => _blocking.Stop();

    /// <summary>Receives one message (a datagram, or one TCP frame) into <paramref name="buffer"/>.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!IsStream)
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        var stream = _streamBuffer!;
        while (true)
        {
            var status = TcpFraming.TryParse(stream.AsSpan(_streamStart, _streamEnd - _streamStart), out var frame, out var consumed);
            if (status == FrameStatus.Ok)
            {
                var length = Math.Min(frame.Length, buffer.Length);
                frame[..length].CopyTo(buffer.Span);
                _streamStart += consumed;
                return length;
            }

            if (status != FrameStatus.NeedMore)
            {
                throw new SocketException((int)SocketError.ProtocolNotSupported);
            }

            if (_streamStart > 0)
            {
                stream.AsSpan(_streamStart, _streamEnd - _streamStart).CopyTo(stream);
                _streamEnd -= _streamStart;
                _streamStart = 0;
            }

            var read = await _socket.ReceiveAsync(stream.AsMemory(_streamEnd), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            _streamEnd += read;
        }
    }

    public void Dispose() => _socket.Dispose();
}
