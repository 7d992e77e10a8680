using System.Net.Sockets;
using OssecSharp.Agentd.Buffer;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Net;
using Serilog;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// The agent's local input, as OSSEC's: a unix datagram socket at <c>queue/ossec/queue</c> (mode 0660) taking
/// <c>&lt;q&gt;:&lt;location&gt;:&lt;text&gt;</c> messages, NUL-terminated, one per datagram (channel-control §6.1),
/// so logcollector, syscheckd or any local producer can feed this agent. Each message goes to the client buffer.
/// </summary>
internal sealed class LocalQueueListener : IDisposable
{
    /// <summary>OS_MAXSTR: the largest message a producer sends.</summary>
    private const int MaxMessage = 6144;
    private static readonly TimeSpan s_badInputLogPeriod = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopCheck = TimeSpan.FromSeconds(30);

    private readonly string _path;
    private readonly ClientBuffer _buffer;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private UnixDatagramServer? _server;
    private long _received;
    private long _malformed;
    private DateTimeOffset _lastBadInputLog = DateTimeOffset.MinValue;

    public LocalQueueListener(string path, ClientBuffer buffer, ILogger log, TimeProvider time)
    {
        _path = path;
        _buffer = buffer;
        _log = log;
        _time = time;
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Binds the socket, replacing a stale one left by a previous run.</summary>
    public void Bind()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _server = UnixDatagramServer.Bind(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, receiveBufferBytes: 4 * 1024 * 1024);
    }

    /// <summary>
    /// Reads the socket on a dedicated thread until cancelled. A blocking receive wakes one thread per burst of
    /// datagrams, where an asynchronous one woke the epoll thread and then a thread-pool worker for each.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("Bind first.");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(server, cancellationToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "local queue",
        };
        thread.Start();

        // Shutting the socket down wakes the blocked receive at once; its timeout is only a backstop.
        using (cancellationToken.UnsafeRegister(static s => ((UnixDatagramServer)s!).StopReceiving(), server))
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    private void ReceiveLoop(UnixDatagramServer server, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessage + 1];
        var coalescing = new QueueCoalescing();
        while (!cancellationToken.IsCancellationRequested)
        {
            // Idle: one blocking receive wakes this thread for the first datagram of a burst or a stream.
            if (!TryReceive(server, buffer, cancellationToken, out var length))
            {
                continue;
            }

            Accept(buffer.AsSpan(0, length), cancellationToken);

            // Then what is already queued; while a steady stream lasts, its datagrams are taken a few at a time after
            // short pauses instead of one wake-up each. The pause is kept short enough that the kernel's queue for this
            // socket (net.unix.max_dgram_qlen datagrams, 10 by default) stays under half full at a steady rate: OSSEC's
            // producers wait for room anyway, and one that does not loses nothing to the pause unless its rate jumps
            // within one pause (at most 4 ms), as it already can while this thread is busy sending.
            var pause = coalescing.Start(Drain(server, buffer, cancellationToken));
            while (pause > 0 && !cancellationToken.WaitHandle.WaitOne(pause))
            {
                pause = coalescing.Next(Drain(server, buffer, cancellationToken));
            }
        }
    }

    /// <summary>Handles every datagram already queued, without blocking; returns how many there were.</summary>
    private int Drain(UnixDatagramServer server, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = server.ReceiveIfQueued(buffer);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // The blocking receive reports (and paces) socket errors.
                return count;
            }

            if (length < 0)
            {
                return count;
            }

            count++;
            Accept(buffer.AsSpan(0, length), cancellationToken);
        }

        return count;
    }

    /// <summary>One blocking receive; false (logged where useful) when there is nothing to handle.</summary>
    private bool TryReceive(UnixDatagramServer server, byte[] buffer, CancellationToken cancellationToken, out int length)
    {
        length = 0;
        try
        {
            length = server.Receive(buffer, s_stopCheck);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return false;
        }
        catch (SocketException ex)
        {
            _log.Error("Error reading the local queue: {Reason}", ex.SocketErrorCode);
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }

    /// <summary>Hands a datagram to the buffer (a malformed one is counted and dropped).</summary>
    private void Accept(ReadOnlySpan<byte> datagram, CancellationToken cancellationToken)
    {
        var message = Normalize(datagram);
        if (message.IsEmpty)
        {
            ReportMalformed();
            return;
        }

        Interlocked.Increment(ref _received);
        try
        {
            _buffer.Offer(message.ToArray(), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping while the buffer was full (buffer disabled): the loop ends.
        }
    }

    /// <summary>
    /// The payload to send: the message up to its NUL (C strings), cut to the largest payload the channel carries;
    /// empty when it is not <c>&lt;q&gt;:…</c>.
    /// </summary>
    public static ReadOnlySpan<byte> Normalize(ReadOnlySpan<byte> datagram)
    {
        var nul = datagram.IndexOf((byte)0);
        if (nul >= 0)
        {
            datagram = datagram[..nul];
        }

        if (datagram.Length < 3 || datagram[1] != (byte)':')
        {
            return default;
        }

        return datagram.Length > SecureMessageCodec.MaxPayloadLength ? datagram[..SecureMessageCodec.MaxPayloadLength] : datagram;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }

    private void ReportMalformed()
    {
        var count = Interlocked.Increment(ref _malformed);
        var now = _time.GetUtcNow();
        if (now - _lastBadInputLog >= s_badInputLogPeriod)
        {
            _lastBadInputLog = now;
            _log.Warning("Discarded a message from the local queue that is not '<queue>:<location>:<text>' ({Count} so far).", count);
        }
    }
}
