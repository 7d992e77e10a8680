using System.Net.Sockets;

namespace OssecSharp.LoadTool;

/// <summary>
/// Stands in for analysisd: binds the install's analysis queue (<c>queue/ossec/queue</c>, a Unix datagram socket) and
/// counts this run's events in the datagrams remoted forwards there. Used for a manager that writes no archives
/// itself (OSSEC's remoted hands every event to analysisd). Bound at construction, so that a remoted started
/// afterwards finds it.
/// </summary>
internal sealed class QueueWatcher : IDisposable
{
    private readonly Socket _socket;
    private readonly EventTally _tally;
    private readonly string _path;

    public QueueWatcher(string path, EventTally tally)
    {
        _path = path;
        _tally = tally;
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.ReceiveBufferSize = 32 * 1024 * 1024;
        _socket.Bind(new UnixDomainSocketEndPoint(path));

        // remoted writes from its own account (OSSEC: ossecr, in the ossec group that can enter queue/ossec).
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6 /* 0666 */);
    }

    /// <summary>Receives until cancelled, on a thread of its own (a blocking receive per datagram).</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        cancellationToken.Register(() => _socket.Dispose());
        return Task.Factory.StartNew(
            () =>
            {
                var buffer = new byte[70000];
                while (!cancellationToken.IsCancellationRequested)
                {
                    int received;
                    try
                    {
                        received = _socket.Receive(buffer);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    _tally.Record(buffer.AsSpan(0, received), EventTally.Now);
                }
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(_path);
    }
}
