using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>A simulated agent for tests: its own key, counters and UDP (or TCP) connection to remoted.</summary>
internal sealed class TestAgent : IDisposable
{
    private readonly Socket _socket;
    private readonly bool _tcp;
    private uint _global;
    private uint _local;

    public TestAgent(string keyLine, IPEndPoint manager, bool tcp = false, CryptoMethod method = CryptoMethod.Aes, IPEndPoint? bind = null)
    {
        Entry = KeyTable.Parse(keyLine + "\n").Entries.Single();
        Cipher = new AgentCipher(DerivedKey.Compute(Entry.Id, Entry.Name, Entry.Key));
        Method = method;
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

    public KeyEntry Entry { get; }

    public AgentCipher Cipher { get; }

    public CryptoMethod Method { get; set; }

    public Socket Socket => _socket;

    public static string NewKeyLine(string id, string name, string ip = "any") =>
        $"{id} {name} {ip} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Sets the next counters (the next datagram uses local + 1).</summary>
    public void SetCounter(uint global, uint local)
    {
        _global = global;
        _local = local;
    }

    public byte[] Encode(string payload) => Encode(Encoding.UTF8.GetBytes(payload));

    public byte[] Encode(byte[] payload)
    {
        if (_local >= 9997)
        {
            _local = 0;
            _global++;
        }

        _local++;
        var iv = Method == CryptoMethod.Aes ? RandomNumberGenerator.GetBytes(16) : null;
        var header = new SecureMessageHeader(
            Method, _global, _local, (ushort)Random.Shared.Next(65536), iv, Entry.IsSingleHost ? null : Entry.Id);
        return SecureMessageCodec.Encode(Cipher, payload, header);
    }

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
        Cipher.Dispose();
    }
}
