using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;
using OssecSharp.LoadTool;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>A simulated agent for tests: its own key, counters and UDP (or TCP) connection to remoted.</summary>
internal sealed class TestAgent : IDisposable
{
    private readonly Socket _socket;
    private readonly bool _tcp;
    private readonly SimulatedAgent _agent;

    public TestAgent(string keyLine, IPEndPoint manager, bool tcp = false, CryptoMethod method = CryptoMethod.Aes, IPEndPoint? bind = null)
        : this(KeyTable.Parse(keyLine + "\n").Entries.Single(), manager, tcp, method, bind)
    {
    }

    /// <summary>An agent with any entry, one the manager's loader would refuse included (hostile-input tests).</summary>
    public TestAgent(KeyEntry entry, IPEndPoint manager, bool tcp = false, CryptoMethod method = CryptoMethod.Aes, IPEndPoint? bind = null)
    {
        _agent = new SimulatedAgent(entry, method);
        _tcp = tcp;
        _socket = tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (bind is not null)
        {
            _socket.Bind(bind);
        }

        _socket.Connect(manager);
    }

    public KeyEntry Entry => _agent.Entry;

    public AgentCipher Cipher => _agent.Cipher;

    public CryptoMethod Method
    {
        get => _agent.Method;
        set => _agent.Method = value;
    }

    public Socket Socket => _socket;

    public static string NewKeyLine(string id, string name, string ip = "any") =>
        $"{id} {name} {ip} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Sets the next counters (the next datagram uses local + 1).</summary>
    public void SetCounter(uint global, uint local) => _agent.SetCounter(global, local);

    public byte[] Encode(string payload) => Encode(Encoding.UTF8.GetBytes(payload));

    public byte[] Encode(byte[] payload) => _agent.Encode(payload);

    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        if (_tcp)
        {
            _socket.Send(TcpFraming.Encode(datagram));
        }
        else
        {
            _socket.Send(datagram);
        }
    }

    public byte[] Send(string payload)
    {
        var datagram = Encode(payload);
        SendRaw(datagram);
        return datagram;
    }

    /// <summary>Receives and decrypts one manager message (payload as text), or null on timeout.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[8192];
        try
        {
            int length;
            if (_tcp)
            {
                await ReadExactlyAsync(buffer.AsMemory(0, 4), cts.Token);
                length = BitConverter.ToInt32(buffer, 0);
                await ReadExactlyAsync(buffer.AsMemory(0, length), cts.Token);
            }
            else
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }

            LastReceivedLength = length;
            var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
            var status = SecureMessageCodec.TryDecode(buffer.AsSpan(0, length), Cipher, work, out var message);
            return status == DecodeStatus.Ok ? Encoding.UTF8.GetString(message.Payload) : "<undecodable:" + status + ">";
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public int LastReceivedLength { get; private set; }

    /// <summary>
    /// <see cref="ReceiveAsync"/> as an OSSEC agent reads it: its C code compares control messages as strings, so a
    /// control message ends at its first NUL (OssecSharp's extension trailer is invisible to it).
    /// </summary>
    public async Task<string?> ReceiveAsOssecAsync(TimeSpan? timeout = null)
    {
        var payload = await ReceiveAsync(timeout);
        var nul = payload?.IndexOf('\0', StringComparison.Ordinal) ?? -1;
        return payload is not null && payload.StartsWith("#!-", StringComparison.Ordinal) && nul >= 0 ? payload[..nul] : payload;
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new OperationCanceledException("closed");
            }

            read += n;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _agent.Dispose();
    }
}
