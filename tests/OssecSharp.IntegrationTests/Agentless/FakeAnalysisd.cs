using System.Net.Sockets;
using System.Text;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>Binds <c>queue/ossec/queue</c> as analysisd does and records every datagram (trailing NUL removed).</summary>
internal sealed class FakeAnalysisd : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _messages = [];
    private readonly Thread _thread;

    public FakeAnalysisd(string socketPath)
    {
        _socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        _thread = new Thread(Receive) { IsBackground = true };
        _thread.Start();
    }

    public List<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Returns and forgets what was received so far (after a short drain).</summary>
    public List<string> Take()
    {
        Thread.Sleep(200);
        lock (_messages)
        {
            var copy = _messages.ToList();
            _messages.Clear();
            return copy;
        }
    }

    public void Dispose() => _socket.Dispose();

    private void Receive()
    {
        var buffer = new byte[128 * 1024];
        try
        {
            while (true)
            {
                var n = _socket.Receive(buffer);
                var text = Encoding.UTF8.GetString(buffer, 0, n > 0 && buffer[n - 1] == 0 ? n - 1 : n);
                lock (_messages)
                {
                    _messages.Add(text);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed at the end of the test.
        }
    }
}
