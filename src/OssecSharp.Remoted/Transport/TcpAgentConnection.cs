using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// One agent's TCP connection: frames in (each one handed to the sink like a datagram), replies out through a
/// bounded queue drained by a writer task so that a worker never waits on a slow peer.
/// A framing error or a peer that stalls mid-frame closes this connection only; so does a connection that sends no
/// whole first frame within the first-frame deadline, or that the <see cref="TcpConnectionTable"/> evicts.
/// </summary>
internal sealed class TcpAgentConnection : IPeer
{
    private readonly Socket _socket;
    private readonly TcpSlot _slot;
    private readonly TimeSpan _firstFrameTimeout;
    private readonly IDatagramSink _sink;
    private readonly ILogger _log;
    private readonly RemotedStats _stats;
    private readonly LogThrottle _throttle;
    private readonly TimeSpan _frameTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly Channel<byte[]> _outbound = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private volatile bool _open = true;

    public TcpAgentConnection(
        Socket socket, TcpSlot slot, IDatagramSink sink, ILogger log, RemotedStats stats, LogThrottle throttle,
        TimeSpan firstFrameTimeout, TimeSpan frameTimeout, TimeSpan idleTimeout)
    {
        _socket = socket;
        _slot = slot;
        _firstFrameTimeout = firstFrameTimeout;
        _sink = sink;
        _log = log;
        _stats = stats;
        _throttle = throttle;
        _frameTimeout = frameTimeout;
        _idleTimeout = idleTimeout;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        RemoteEndPoint = remote;
        Address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        IpString = Address.ToString();
        AddressHash = HashCode.Combine(Address, remote.Port);
    }

    public IPEndPoint RemoteEndPoint { get; }

    public IPAddress Address { get; }

    public string IpString { get; }

    // The port takes part: every TCP connection is its own fairness source and keeps its frames in order.
    public int AddressHash { get; }

    public string Transport => "tcp";

    public bool IsOpen => _open;

    public void MarkAuthenticated() => _slot.MarkAuthenticated();

    public bool TrySend(ReadOnlySpan<byte> message) => _open && _outbound.Writer.TryWrite(TcpFraming.Encode(message));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _slot.Evicted);
        var writer = WriteLoopAsync(stop.Token);
        try
        {
            await ReadLoopAsync(stop.Token);
        }
        catch (OperationCanceledException) when (_slot.Evicted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _log.Debug("TCP connection from {Peer} closed to make room for a new one.", RemoteEndPoint);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Debug("TCP connection from {Peer} timed out.", RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            _log.Debug("TCP connection from {Peer} closed: {Message}", RemoteEndPoint, e.Message);
        }
        finally
        {
            _open = false;
            _outbound.Writer.TryComplete();
            await stop.CancelAsync();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _socket.Dispose();
            _slot.Dispose();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var header = new byte[TcpFraming.HeaderLength];
        var frame = new byte[8192];

        // An agent sends its start-up message as soon as it connects: a connection that has sent no whole frame by the
        // first-frame deadline is not an agent (issue #13 item 2), and must not hold its place for the idle timeout.
        using var firstFrame = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        firstFrame.CancelAfter(_firstFrameTimeout);
        var first = true;
        while (true)
        {
            // Between frames an agent may stay quiet for a keepalive period; inside a frame it may not stall.
            try
            {
                if (!await ReadExactlyAsync(header, _idleTimeout, allowCleanEnd: true, first ? firstFrame.Token : cancellationToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (first && firstFrame.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                FirstFrameTimedOut();
                return;
            }

            // The announced length is checked before anything is allocated from it.
            var length = BitConverter.ToUInt32(header);
            if (length is 0 or > TcpFraming.DefaultMaxFrameLength)
            {
                _stats.OnTcpFramingError();
                if (_throttle.ShouldLog("tcp-framing", out _))
                {
                    _log.Warning("Invalid TCP frame length {Length} from {Peer}; closing the connection.", length, RemoteEndPoint);
                }

                return;
            }

            if (length > frame.Length)
            {
                frame = new byte[length];
            }

            try
            {
                if (!await ReadExactlyAsync(frame.AsMemory(0, (int)length), _frameTimeout, allowCleanEnd: false,
                        first ? firstFrame.Token : cancellationToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (first && firstFrame.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                FirstFrameTimedOut();
                return;
            }

            first = false;
            _sink.Accept(frame.AsSpan(0, (int)length), this);
        }
    }

    private void FirstFrameTimedOut()
    {
        _stats.OnTcpFirstFrameTimeout();
        if (_throttle.ShouldLog("tcp-first-frame|" + IpString, out var suppressed))
        {
            _log.Warning("TCP connection from '{Ip}' sent no message within {Seconds} s; closing it ({Suppressed} more since the last report).",
                IpString, (int)_firstFrameTimeout.TotalSeconds, suppressed);
        }
    }

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, TimeSpan timeout, bool allowCleanEnd, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer[read..], SocketFlags.None, deadline.Token);
            if (n == 0)
            {
                if (read > 0 || !allowCleanEnd)
                {
                    _stats.OnTcpFramingError();
                    _log.Debug("TCP peer {Peer} closed mid-frame.", RemoteEndPoint);
                }

                return false;
            }

            read += n;
        }

        return true;
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var frame in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_frameTimeout);
            await _socket.SendAsync(frame, SocketFlags.None, deadline.Token);
        }
    }
}
