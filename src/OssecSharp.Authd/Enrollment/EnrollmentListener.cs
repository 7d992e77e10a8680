using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// The accept loop of ossec-authd: one async task per connection (no fork), a connection cap with eviction of idle
/// connections (<see cref="ConnectionRegistry"/>), and an orderly drain on shutdown.
/// </summary>
internal sealed class EnrollmentListener : IDisposable
{
    private readonly Socket _socket;
    private readonly ConnectionRegistry _registry;
    private readonly EnrollmentSession _session;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;

    private EnrollmentListener(Socket socket, ConnectionRegistry registry, EnrollmentSession session, ILogger log, LogThrottle throttle)
    {
        _throttle = throttle;
        _socket = socket;
        _registry = registry;
        _session = session;
        _log = log;
    }

    /// <summary>The bound endpoint (port 0 is resolved here).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public ConnectionRegistry Registry => _registry;

    /// <summary>Binds and listens: <paramref name="address"/>, or [::] with IPv4 mapped (else 0.0.0.0 without IPv6).</summary>
    /// <exception cref="SocketException">When the port cannot be bound.</exception>
    public static EnrollmentListener Bind(
        IPAddress? address, int port, ConnectionRegistry registry, EnrollmentSession session, ILogger log, LogThrottle throttle)
    {
        Socket socket;
        if (address is null && Socket.OSSupportsIPv6)
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            address = IPAddress.IPv6Any;
        }
        else
        {
            address ??= IPAddress.Any;
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }

        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.NoDelay = true;
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1024);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new EnrollmentListener(socket, registry, session, log, throttle);
    }

    /// <summary>Accepts until <paramref name="stopping"/> fires, then waits (bounded) for the connections to finish.</summary>
    public async Task RunAsync(TimeSpan drainTimeout, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue;
            }
            catch (SocketException e)
            {
                // Typically EMFILE: back off instead of spinning.
                _log.Error("Accept failed: {Reason:l}", e.Message);
                await Task.Delay(100, CancellationToken.None);
                continue;
            }

            client.NoDelay = true;
            var slot = _registry.TryAdd();
            if (slot is null)
            {
                var ip = EnrollmentSession.SourceIp(client);
                if (_throttle.ShouldLog("queue|" + ip, out var suppressed))
                {
                    _log.Error("Unable to queue auth connection from {Ip:l}{Dropped:l}", ip,
                        suppressed > 0 ? $" ({suppressed} similar messages suppressed)" : string.Empty);
                }

                client.Dispose();
                continue;
            }

            slot.Task = ServeAsync(client, slot);
        }

        _socket.Dispose();
        _registry.CancelWaiting();
        var pending = _registry.Tasks();
        if (pending.Length > 0)
        {
            _log.Information("Waiting for auth worker threads to finish.");
            try
            {
                await Task.WhenAll(pending).WaitAsync(drainTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                _log.Warning("{Count} connections still open after {Seconds} s; closing.", pending.Length, (int)drainTimeout.TotalSeconds);
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ServeAsync(Socket client, ConnectionSlot slot)
    {
        // Leave the accept loop at once: the session runs on the thread pool.
        await Task.Yield();
        try
        {
            await _session.RunAsync(client, slot);
        }
        finally
        {
            slot.Dispose();
        }
    }
}
