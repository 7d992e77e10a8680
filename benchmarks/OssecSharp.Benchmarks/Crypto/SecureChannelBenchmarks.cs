using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Benchmarks.Crypto;

/// <summary>Encode and decode+verify of one event, per cipher and size, one thread (docs/benchmarks/crypto.md).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class SecureChannelBenchmarks
{
    private readonly byte[] _work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
    private readonly byte[] _out = new byte[SecureMessageCodec.MaxDatagramLength];
    private readonly byte[] _iv = new byte[16];
    private AgentCipher _cipher = null!;
    private byte[] _payload = [];
    private byte[] _datagram = [];
    private byte[] _full = [];
    private byte[] _compressed = [];

    [Params(143, 1024)]
    public int Size { get; set; }

    [Params(CryptoMethod.Blowfish, CryptoMethod.Aes)]
    public CryptoMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cipher = new AgentCipher(DerivedKey.Compute("1024", "agent1", "43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8"));
        _payload = EventOfSize(Size);
        _datagram = SecureMessageCodec.Encode(_cipher, _payload, Header());
        _full = new byte[53 + _payload.Length];
        _payload.CopyTo(_full, 53);
        _compressed = new byte[_full.Length + 128];
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher.Dispose();

    [Benchmark]
    public int Decode()
    {
        SecureMessageCodec.TryDecode(_datagram, _cipher, _work, out var message);
        return message.Payload.Length;
    }

    [Benchmark]
    public int Encode()
    {
        SecureMessageCodec.TryEncode(_cipher, _payload, Header(), _out, out var written);
        return written;
    }

    /// <summary>The zlib part of encode alone (level 9, as OSSEC's compress2).</summary>
    [Benchmark]
    public int CompressOnly()
    {
        using var ms = new MemoryStream(_compressed);
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(_full);
        }

        return (int)ms.Position;
    }

    private SecureMessageHeader Header() => new(Method, 12, 345, 54321, _iv, "1024");

    private static byte[] EventOfSize(int size)
    {
        var line = "1:/var/log/auth.log:Nov 22 10:15:42 web-01 sshd[4242]: Accepted publickey for admin from 192.168.1.50 port 52144 ssh2: RSA SHA256:abcdefghijklmnop ";
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (text.Length < size)
        {
            text.Append(line).Append(i++);
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString()[..size]);
    }
}
