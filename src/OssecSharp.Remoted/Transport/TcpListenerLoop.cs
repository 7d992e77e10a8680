using System.Net;
using System.Net.Sockets;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.Transport;

/// <summary>Accepts agents' TCP connections (bounded in number) and runs each one until it closes.</summary>
internal sealed class TcpListenerLoop : IAsyncDisposable
{
    private readonly IDatagramSink _sink;
    private readonly ILogger _log;
    private readonly RemotedStats _stats;
    private readonly LogThrottle _throttle;
    private readonly int _maxConnections;
    private readonly TimeSpan _frameTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly HashSet<Task> _connections = [];
    private readonly object _gate = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpListenerLoop(IDatagramSink sink, ILogger log, RemotedStats stats, LogThrottle throttle,
        int maxConnections, TimeSpan frameTimeout, TimeSpan idleTimeout)
    {
        _sink = sink;
        _log = log;
        _stats = stats;
        _throttle = throttle;
        _maxConnections = maxConnections;
        _frameTimeout = frameTimeout;
        _idleTimeout = idleTimeout;
    }

    public int Port { get; private set; }

    public void Start(IPAddress? localIp, int port, CancellationToken cancellationToken)
    {
        var address = localIp ?? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, cancellationToken), CancellationToken.None);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warning("TCP accept failed: {Error}", e.SocketErrorCode);
                await Task.Delay(100, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            lock (_gate)
            {
                if (_connections.Count >= _maxConnections)
                {
                    if (_throttle.ShouldLog("tcp-limit", out _))
                    {
                        _log.Warning("Too many TCP connections ({Max}); refusing {Peer}.", _maxConnections, socket.RemoteEndPoint);
                    }

                    socket.Dispose();
                    continue;
                }

                socket.NoDelay = true;
                _stats.OnTcpConnection();
                var connection = new TcpAgentConnection(socket, _sink, _log, _stats, _throttle, _frameTimeout, _idleTimeout);
                var task = Task.Run(() => connection.RunAsync(cancellationToken), CancellationToken.None);
                _connections.Add(task);
                _ = task.ContinueWith(Forget, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static void Forget(Task task, object? state)
    {
        var self = (TcpListenerLoop)state!;
        lock (self._gate)
        {
            self._connections.Remove(task);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener?.Dispose();
        Task[] all;
        lock (_gate)
        {
            all = [_acceptLoop, .. _connections];
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
