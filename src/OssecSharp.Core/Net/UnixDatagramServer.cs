using System.Net.Sockets;
using System.Runtime.InteropServices;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Net;

/// <summary>
/// A bound unix datagram socket (agentd's <c>queue/ossec/queue</c>, remoted's <c>queue/alerts/ar</c>): binds the path
/// with a mode (a stale file from a previous run is replaced), receives until cancelled, removes the path on dispose.
/// </summary>
public sealed class UnixDatagramServer : IDisposable
{
    /// <summary>OSSEC's largest queue message (OS_MAXSTR) plus room; longer datagrams are truncated by the kernel.</summary>
    public const int MaxDatagram = 65536;

    private readonly Socket _socket;
    private readonly BlockingReceive _blocking;

    private UnixDatagramServer(Socket socket, string path)
    {
        _socket = socket;
        _blocking = new BlockingReceive(socket);
        Path = path;
    }

    /// <summary>The bound path.</summary>
    public string Path { get; }

    /// <summary>Binds <paramref name="path"/> and sets <paramref name="mode"/> (OSSEC uses 0660).</summary>
    /// <exception cref="SocketException">The path cannot be bound.</exception>
    public static UnixDatagramServer Bind(string path, UnixFileMode mode, int receiveBufferBytes = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            if (receiveBufferBytes > 0)
            {
                socket.ReceiveBufferSize = receiveBufferBytes;
            }

            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new UnixDatagramServer(socket, path);
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/>; returns its length.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Receives one datagram, blocking the calling thread (a dedicated reader thread: no epoll thread and no
    /// thread-pool hop per datagram). Use either this or <see cref="ReceiveAsync"/> on a server, not both: the first
    /// asynchronous call puts the socket in non-blocking mode for good.
    /// </summary>
    /// <exception cref="SocketException"><see cref="SocketError.TimedOut"/> (or WouldBlock) after
    /// <paramref name="timeout"/>; other errors as the socket reports them.</exception>
    public int Receive(Span<byte> buffer, TimeSpan timeout) => _blocking.Receive(buffer, timeout);

    /// <summary>
    /// Receives one datagram if one is already queued, never blocking (<c>recv</c> with <c>MSG_DONTWAIT</c>: the socket
    /// stays in blocking mode for <see cref="Receive"/>); -1 when none is. Linux only.
    /// </summary>
    /// <exception cref="SocketException">An error other than "nothing queued".</exception>
    public unsafe int ReceiveIfQueued(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                var received = Libc.Recv(_socket.SafeHandle, pointer, (nuint)buffer.Length, Libc.MSG_DONTWAIT);
                if (received >= 0)
                {
                    return (int)received;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    return -1;
                }

                if (errno != Libc.EINTR)
                {
                    throw new SocketException(errno == Libc.EBADF ? (int)SocketError.OperationAborted : (int)SocketError.SocketError);
                }
            }
        }
    }

    /// <summary>
    /// Shuts the socket down for reading, so a thread blocked in <see cref="Receive"/> returns (0) at once.
    /// </summary>
    public void StopReceiving() => _blocking.Stop();

    /// <summary>
    /// Calls <paramref name="handler"/> with each datagram (OSSEC's trailing NUL removed) until cancelled.
    /// A handler exception is the caller's bug: it ends the loop.
    /// </summary>
    public async Task RunAsync(Action<ReadOnlySpan<byte>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var buffer = new byte[MaxDatagram];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            handler(TrimNul(buffer.AsSpan(0, length)));
        }
    }

    /// <summary>Removes the NUL terminator OSSEC's senders include (and anything after it).</summary>
    public static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> datagram)
    {
        var nul = datagram.IndexOf((byte)0);
        return nul < 0 ? datagram : datagram[..nul];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Another process may have re-bound it; leave theirs alone.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
