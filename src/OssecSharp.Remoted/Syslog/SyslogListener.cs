using System.Net;
using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Logging;
using OssecSharp.Remoted.Pipeline;
using Serilog;

namespace OssecSharp.Remoted.Syslog;

/// <summary>
/// A <c>&lt;connection&gt;syslog&lt;/connection&gt;</c> listener (OSSEC's <c>HandleSyslog</c>/<c>HandleSyslogTCP</c>): plain
/// syslog over UDP (one message per datagram) and/or TCP (one per line), from sources in <c>allowed-ips</c> and not
/// in <c>denied-ips</c>; the <c>&lt;PRI&gt;</c> header is removed and the text goes out as <c>2:&lt;srcip&gt;:&lt;text&gt;</c>.
/// </summary>
internal sealed class SyslogListener : IAsyncDisposable
{
    private const int MaxMessage = 6144;
    private readonly RemoteListener _settings;
    private readonly IEventOutput _events;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;
    private readonly List<Task> _tasks = [];
    private readonly HashSet<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _linked;
    private readonly List<Socket> _sockets = [];

    public SyslogListener(RemoteListener settings, IEventOutput events, ILogger log, LogThrottle throttle)
    {
        _settings = settings;
        _events = events;
        _log = log;
        _throttle = throttle;
    }

    public int UdpPort { get; private set; }

    public int TcpPort { get; private set; }

    /// <summary>OSSEC's <c>OS_IPNotAllowed</c>: a denied match wins, otherwise the source must be allowed.</summary>
    public static bool IsAllowed(IPAddress source, IReadOnlyList<KeyIp> allowed, IReadOnlyList<KeyIp> denied) =>
        !denied.Any(d => d.Contains(source)) && allowed.Any(a => a.Contains(source));

    /// <summary>Strips a leading <c>&lt;PRI&gt;</c> and trailing newlines.</summary>
    public static string Clean(string message)
    {
        message = message.TrimEnd('\n', '\r', '\0');
        if (message.StartsWith('<'))
        {
            var end = message.IndexOf('>', StringComparison.Ordinal);
            if (end > 0 && end <= 4)
            {
                message = message[(end + 1)..];
            }
        }

        return message;
    }

    public void Start(CancellationToken daemonToken)
    {
        // Own token: disposing the listener also ends its TCP connections, before the daemon's other tasks stop.
        _linked = CancellationTokenSource.CreateLinkedTokenSource(daemonToken, _stop.Token);
        var cancellationToken = _linked.Token;
        var address = _settings.LocalIp ?? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
        if (_settings.Udp)
        {
            var udp = NewSocket(address, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(address, _settings.Port));
            UdpPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
            _tasks.Add(Task.Run(() => UdpLoopAsync(udp, cancellationToken), CancellationToken.None));
            _log.Information("Listening on port {Port}/udp (syslog).", UdpPort);
        }

        if (_settings.Tcp)
        {
            var tcp = NewSocket(address, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, _settings.Port));
            tcp.Listen(128);
            TcpPort = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            _tasks.Add(Task.Run(() => AcceptLoopAsync(tcp, cancellationToken), CancellationToken.None));
            _log.Information("Listening on port {Port}/tcp (syslog).", TcpPort);
        }
    }

    private Socket NewSocket(IPAddress address, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(address.AddressFamily, type, protocol);
        if (address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        _sockets.Add(socket);
        return socket;
    }

    private async Task UdpLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessage + 1];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Debug("Syslog receive: {Error}", e.SocketErrorCode);
                continue;
            }

            var source = ((IPEndPoint)result.RemoteEndPoint).Address;
            Handle(KeyIp.Normalize(source), Encoding.UTF8.GetString(buffer, 0, Math.Min(result.ReceivedBytes, MaxMessage)));
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var source = KeyIp.Normalize(((IPEndPoint)client.RemoteEndPoint!).Address);
            if (!IsAllowed(source, _settings.AllowedIps, _settings.DeniedIps))
            {
                Denied(source);
                client.Dispose();
                continue;
            }

            lock (_gate)
            {
                var task = Task.Run(() => ReadLinesAsync(client, source, cancellationToken), CancellationToken.None);
                _connections.Add(task);
                _ = task.ContinueWith(
                    static (t, state) =>
                    {
                        var self = (SyslogListener)state!;
                        lock (self._gate)
                        {
                            self._connections.Remove(t);
                        }
                    },
                    this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task ReadLinesAsync(Socket client, IPAddress source, CancellationToken cancellationToken)
    {
        using (client)
        {
            using var stream = new NetworkStream(client, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(30));
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(deadline.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    return;
                }

                if (line is null)
                {
                    return;
                }

                Handle(source, line.Length > MaxMessage ? line[..MaxMessage] : line);
            }
        }
    }

    private void Handle(IPAddress source, string message)
    {
        if (!IsAllowed(source, _settings.AllowedIps, _settings.DeniedIps))
        {
            Denied(source);
            return;
        }

        var text = Clean(message);
        if (text.Length > 0)
        {
            _events.PublishSyslog(source.ToString(), text);
        }
    }

    private void Denied(IPAddress source)
    {
        if (_throttle.ShouldLog("syslog-denied|" + source, out _))
        {
            _log.Warning("Message from '{Ip}' not allowed.", source.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        Task[] all;
        lock (_gate)
        {
            all = [.. _tasks, .. _connections];
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _linked?.Dispose();
        _stop.Dispose();
    }
}
