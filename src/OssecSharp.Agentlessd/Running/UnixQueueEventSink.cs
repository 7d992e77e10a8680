using System.Net.Sockets;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// Sends events to the analysis queue socket when a reader is bound there (one NUL-terminated datagram per
/// event, as OSSEC). Temporary until the shared Core event sink lands.
/// </summary>
internal sealed class UnixQueueEventSink : IAgentlessEventSink, IDisposable
{
    private readonly string _socketPath;
    private readonly Serilog.ILogger _log;
    private Socket? _socket;

    public UnixQueueEventSink(string socketPath, Serilog.ILogger log)
    {
        _socketPath = socketPath;
        _log = log;
    }

    public void Send(char queue, string location, string message)
    {
        var bytes = new QueueMessage(queue, location, message).ToBytes(nulTerminated: true);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                _socket ??= Connect();
                if (_socket is null)
                {
                    return;
                }

                _socket.Send(bytes);
                return;
            }
            catch (SocketException)
            {
                _socket?.Dispose();
                _socket = null;
            }
        }

        _log.Error("Error sending message to queue.");
    }

    public void Dispose() => _socket?.Dispose();

    private Socket? Connect()
    {
        if (!File.Exists(_socketPath))
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
