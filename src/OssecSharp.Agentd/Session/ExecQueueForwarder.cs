using System.Net.Sockets;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// Writes active-response commands from the manager (NUL-terminated) to execd's unix datagram queue
/// <c>queue/alerts/execq</c> (channel-control §7.3). The socket is (re)connected lazily: execd may start after us.
/// </summary>
internal sealed class ExecQueueForwarder : IDisposable
{
    private readonly string _path;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private Socket? _socket;

    public ExecQueueForwarder(string path, ILogger log)
    {
        _path = path;
        _log = log;
    }

    public bool Send(ReadOnlySpan<byte> command)
    {
        var message = new byte[command.Length + 1];
        command.CopyTo(message);
        lock (_gate)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    _socket ??= Connect();
                    _socket.Send(message);
                    return true;
                }
                catch (SocketException ex)
                {
                    _socket?.Dispose();
                    _socket = null;
                    if (attempt == 1)
                    {
                        _log.WithCode(1210).Error("Queue {Path} not accessible: {Reason}.", _path, ex.Message);
                    }
                }
            }
        }

        return false;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private Socket Connect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
