using System.Net.Sockets;

namespace OssecSharp.Core.Net;

/// <summary>
/// Sends datagrams to a unix datagram socket someone else binds (<c>queue/ossec/queue</c>, <c>queue/alerts/execq</c>).
/// Connects lazily, never blocks (a full receiver gives <see cref="SocketError.WouldBlock"/>), and drops the
/// connection on error so the next send reconnects, at most once per <see cref="RetryInterval"/>.
/// </summary>
internal sealed class UnixDatagramClient : IDisposable
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private Socket? _socket;
    private long _nextAttempt;

    /// <summary>Creates the client for <paramref name="path"/>; nothing is opened yet.</summary>
    public UnixDatagramClient(string path, TimeSpan retryInterval, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        RetryInterval = retryInterval;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long to wait after a failed connect before trying again.</summary>
    public TimeSpan RetryInterval { get; }

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _socket is not null;

    /// <summary>The last error seen (Success when the last send worked).</summary>
    public SocketError LastError { get; private set; } = SocketError.Success;

    /// <summary>Sends one datagram; false when there is no reader, it is busy, or the retry delay is running.</summary>
    public bool TrySend(ReadOnlySpan<byte> datagram)
    {
        if (_socket is null && !TryConnect())
        {
            return false;
        }

        try
        {
            _socket!.Send(datagram, SocketFlags.None, out var error);
            LastError = error;
            if (error == SocketError.Success)
            {
                return true;
            }

            // A busy reader keeps the connection; a vanished one (ECONNREFUSED, ENOTCONN) is reconnected later.
            if (error != SocketError.WouldBlock && error != SocketError.NoBufferSpaceAvailable)
            {
                Close();
            }

            return false;
        }
        catch (ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    /// <summary>Closes the connection; the next send reconnects at once.</summary>
    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private bool TryConnect()
    {
        var now = _time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextAttempt))
        {
            return false;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_path));
            _socket = socket;
            LastError = SocketError.Success;
            return true;
        }
        catch (SocketException ex)
        {
            LastError = ex.SocketErrorCode;
            socket.Dispose();
            Interlocked.Exchange(ref _nextAttempt, now + (long)(RetryInterval.TotalSeconds * _time.TimestampFrequency));
            return false;
        }
    }
}
