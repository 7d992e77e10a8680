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

    private SecureMessageHeader Header() => new(Method, 12, 345, 54321, _iv, "1024");

    internal static byte[] EventOfSize(int size)
    {
        const string line = "1:/var/log/auth.log:Nov 22 10:15:42 web-01 sshd[4242]: Accepted publickey for admin from 192.168.1.50 port 52144 ssh2: RSA SHA256:abcdefghijklmnop ";
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (text.Length < size)
        {
            text.Append(line).Append(i++);
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString()[..size]);
    }
}
