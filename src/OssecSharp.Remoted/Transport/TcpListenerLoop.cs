using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Logging;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// Accepts agents' TCP connections, bounded in all and per source by a <see cref="TcpConnectionTable"/> that evicts idle
/// unauthenticated connections to make room, and runs each one until it closes.
/// </summary>
internal sealed class TcpListenerLoop : IAsyncDisposable
{
    private readonly IDatagramSink _sink;
    private readonly ILogger _log;
    private readonly RemotedStats _stats;
    private readonly LogThrottle _throttle;
    private readonly TcpConnectionTable _table;
    private readonly TimeSpan _firstFrameTimeout;
    private readonly TimeSpan _frameTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly HashSet<Task> _connections = [];
    private readonly object _gate = new();
    private CancellationTokenSource? _stop;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpListenerLoop(IDatagramSink sink, ILogger log, RemotedStats stats, LogThrottle throttle,
        TcpConnectionTable table, TimeSpan firstFrameTimeout, TimeSpan frameTimeout, TimeSpan idleTimeout)
    {
        _sink = sink;
        _log = log;
        _stats = stats;
        _throttle = throttle;
        _table = table;
        _firstFrameTimeout = firstFrameTimeout;
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

        // Own token: closing the listener also ends every connection, before the daemon's other tasks stop.
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stop.Token;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(listener, token), CancellationToken.None);
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

            var slot = Admit(socket);
            if (slot is null)
            {
                socket.Dispose();
                continue;
            }

            lock (_gate)
            {
                socket.NoDelay = true;
                _stats.OnTcpConnection();
                var connection = new TcpAgentConnection(
                    socket, slot, _sink, _log, _stats, _throttle, _firstFrameTimeout, _frameTimeout, _idleTimeout);
                var task = Task.Run(() => connection.RunAsync(cancellationToken), CancellationToken.None);
                _connections.Add(task);
                _ = task.ContinueWith(Forget, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private TcpSlot? Admit(Socket socket)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var admission = _table.TryAdd(address, out var slot, out var victim);
        switch (admission)
        {
            case TcpAdmission.EvictedFromSource:
                _stats.OnTcpEvicted();
                if (_throttle.ShouldLog("tcp-source-full|" + address, out var fromSource))
                {
                    _log.Warning("Too many TCP connections from '{Ip}' ({Max}); closing its oldest unauthenticated connection"
                        + " ({Suppressed} more since the last report).", address.ToString(), _table.PerSource, fromSource);
                }

                break;
            case TcpAdmission.EvictedOldest:
                _stats.OnTcpEvicted();
                if (_throttle.ShouldLog("tcp-table-full", out var fromTable))
                {
                    _log.Warning("Too many TCP connections ({Max}); closing the oldest unauthenticated connection (from '{Ip}')"
                        + " to admit '{New}' ({Suppressed} more since the last report).",
                        _table.Capacity, victim!.Source.ToString(), address.ToString(), fromTable);
                }

                break;
            case TcpAdmission.RefusedSourceFull or TcpAdmission.RefusedTableFull:
                _stats.OnTcpRefused();
                if (_throttle.ShouldLog("tcp-limit", out _))
                {
                    _log.Warning("Too many TCP connections ({Max}, {PerSource} per source), all of them agents; refusing {Peer}.",
                        _table.Capacity, _table.PerSource, socket.RemoteEndPoint);
                }

                break;
        }

        return slot;
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
        if (_stop is not null)
        {
            await _stop.CancelAsync();
        }

        _listener?.Dispose();
        Task[] all;
        lock (_gate)
        {
            all = [_acceptLoop, .. _connections];
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop?.Dispose();
    }
}
