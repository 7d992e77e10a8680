using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>
/// A minimal manager for agentd tests: a UDP socket and the Core codec. Acks every control message (unless told to
/// stay silent), records every payload, applies the replay rule (counting rejections) and can be stopped and
/// started again on the same port, keeping its counters as a real manager keeps its rids files.
/// </summary>
internal sealed class FakeManager : IAsyncDisposable
{
    private readonly AgentCipher _cipher;
    private readonly ConcurrentQueue<string> _payloads = new();
    private readonly Lock _gate = new();
    private Socket? _socket;
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private MessageCounter _received;
    private uint _sendLocal;
    private IPEndPoint? _agent;
    private CryptoMethod _replyMethod = CryptoMethod.Aes;

    public FakeManager(AgentIdentity identity)
    {
        _cipher = new AgentCipher(DerivedKey.Compute(identity.Id, identity.Name, identity.Key));
    }

    public int Port { get; private set; }

    public bool Answer { get; set; } = true;

    /// <summary>Features offered in the ack of a start-up, as an OssecSharp manager does (null: OSSEC's bare ack).</summary>
    public string? Offer { get; init; }

    public int Rejected { get; private set; }

    public IReadOnlyCollection<string> Payloads => _payloads.ToArray();

    public IEnumerable<string> Events => Payloads.Where(p => !p.StartsWith("#!-", StringComparison.Ordinal));

    public IEnumerable<string> Controls => Payloads.Where(p => p.StartsWith("#!-", StringComparison.Ordinal));

    public CryptoMethod? LastMethod { get; private set; }

    public void Start(int port = 0, string address = "127.0.0.1")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _socket = socket;
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => ReceiveLoopAsync(socket, _stop.Token));
    }

    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        _socket?.Dispose();
        await _loop!.WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
        _stop = null;
        _socket = null;
    }

    /// <summary>Sends one payload to the agent (to the address of its last control message).</summary>
    public async Task SendAsync(byte[] payload)
    {
        byte[] datagram;
        IPEndPoint agent;
        lock (_gate)
        {
            agent = _agent ?? throw new InvalidOperationException("no agent yet");
            var iv = RandomNumberGenerator.GetBytes(16);
            datagram = SecureMessageCodec.Encode(_cipher, payload, new SecureMessageHeader(_replyMethod, 0, ++_sendLocal, 1, iv, null));
        }

        await _socket!.SendToAsync(datagram, agent);
    }

    public Task SendAsync(string payload) => SendAsync(Encoding.UTF8.GetBytes(payload));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _cipher.Dispose();
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            string payload;
            bool isControl;
            lock (_gate)
            {
                if (SecureMessageCodec.TryDecode(buffer.AsSpan(0, result.ReceivedBytes), _cipher, work, out var message) != DecodeStatus.Ok)
                {
                    Rejected++;
                    continue;
                }

                var counter = new MessageCounter(message.Global, message.Local);
                if (ReplayRule.Check(_received, counter) != ReplayVerdict.Accept)
                {
                    Rejected++;
                    continue;
                }

                _received = counter;
                LastMethod = message.Method;
                payload = Encoding.UTF8.GetString(message.Payload);
                isControl = payload.StartsWith("#!-", StringComparison.Ordinal);
                if (isControl)
                {
                    _agent = (IPEndPoint)result.RemoteEndPoint;
                    _replyMethod = message.Method;
                }
            }

            _payloads.Enqueue(payload);
            if (isControl && Answer)
            {
                try
                {
                    await SendAsync(payload == "#!-agent startup " && Offer is not null ? "#!-agent ack \0ossecsharp offer " + Offer : "#!-agent ack ");
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}
