using System.Net;
using System.Net.Sockets;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>TCP connections that never send a byte, opened from a chosen loopback source address (127.0.0.x).</summary>
internal sealed class TcpCrowd : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public IReadOnlyList<Socket> Sockets => _sockets;

    public async Task<IReadOnlyList<Socket>> OpenAsync(IPEndPoint server, IPAddress source, int count)
    {
        var opened = new List<Socket>(count);
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(socket);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server).WaitAsync(TimeSpan.FromSeconds(5));
            opened.Add(socket);
        }

        return opened;
    }

    /// <summary>True once the server has closed (or reset) the connection; we never send, so no data is expected.</summary>
    public static bool IsClosedByServer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Waits until every socket of <paramref name="sockets"/> was closed by the server, or the time is up.</summary>
    public static Task<bool> WaitClosedAsync(IEnumerable<Socket> sockets, TimeSpan timeout) =>
        Tests.Common.ProcessRunner.WaitUntilAsync(() => sockets.All(IsClosedByServer), timeout);

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
    }
}
