using System.Net;
using System.Net.Sockets;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// One connected UDP socket to one manager (channel-control §5.4): replies are only accepted from the exact
/// address the agent sends to, and a closed port comes back as <see cref="SocketError.ConnectionRefused"/>.
/// </summary>
internal sealed class ManagerConnection : IDisposable
{
    private readonly Socket _socket;

    private ManagerConnection(Socket socket, ServerAddress server, IPEndPoint remote)
    {
        _socket = socket;
        Server = server;
        Remote = remote;
    }

    public ServerAddress Server { get; }

    public IPEndPoint Remote { get; }

    /// <summary>Resolves the server (hostnames at every connect, as OSSEC) and connects a UDP socket to it.</summary>
    public static async Task<ManagerConnection> ConnectAsync(
        ServerAddress server, int port, IPAddress? localIp, CancellationToken cancellationToken)
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
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (localIp is not null)
            {
                socket.Bind(new IPEndPoint(localIp, 0));
            }

            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return new ManagerConnection(socket, server, remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) =>
        _socket.SendAsync(datagram, SocketFlags.None, cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public void Dispose() => _socket.Dispose();
}
