using System.Net.Sockets;

namespace OssecSharp.Core.Net;

/// <summary>
/// Blocking receives on a socket read by one dedicated thread (no epoll thread and no thread-pool hop per datagram),
/// and the way to wake that thread: used by the local queue server and agentd's UDP connection to its manager.
/// Use it or the socket's asynchronous calls, not both: the first asynchronous call makes the socket non-blocking.
/// </summary>
public sealed class BlockingReceive
{
    private readonly Socket _socket;
    private int _timeoutMilliseconds;

    /// <summary>Receives on <paramref name="socket"/>, which must stay in blocking mode (no asynchronous call on it, see above).</summary>
    public BlockingReceive(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Receives one datagram, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="SocketException"><see cref="SocketError.TimedOut"/> (or WouldBlock) after the timeout; other
    /// errors as the socket reports them.</exception>
    public int Receive(Span<byte> buffer, TimeSpan timeout)
    {
        var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        if (_timeoutMilliseconds != milliseconds)
        {
            // Set once (a setsockopt), not per call.
            _socket.ReceiveTimeout = milliseconds;
            _timeoutMilliseconds = milliseconds;
        }

        return _socket.Receive(buffer, SocketFlags.None);
    }

    /// <summary>
    /// Shuts the socket down for reading only, so a thread blocked in <see cref="Receive"/> returns 0 at once (a close
    /// would not wake it) while sending still works.
    /// </summary>
    public void Stop()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
            // Not connected or already shut down: nothing is blocked on it.
        }
        catch (ObjectDisposedException)
        {
            // Same as above.
        }
    }
}
