using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using OssecSharp.Benchmarks.Crypto;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Benchmarks.Agentd;

/// <summary>
/// What agentd does per event before the send, step by step: the whole encode with one-shot calls against the
/// sender's reused state (<see cref="SecureMessageEncoder"/>), and the steps alone (AES, MD5, random, sender counter).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class SenderStepBenchmarks
{
    private readonly byte[] _datagram = new byte[SecureMessageCodec.MaxDatagramLength];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _hex = new byte[32];
    private AgentCipher _cipher = null!;
    private SecureMessageEncoder _encoder = null!;
    private SenderCounter _counter = null!;
    private string _folder = string.Empty;
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup()
    {
        _cipher = new AgentCipher(DerivedKey.Compute("1024", "agent1", "43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8"));
        _encoder = new SecureMessageEncoder();
        _payload = SecureChannelBenchmarks.EventOfSize(196);
        _folder = Directory.CreateTempSubdirectory("sender-bench").FullName;
        _counter = new SenderCounter(Path.Combine(_folder, "sender_counter"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _counter.Dispose();
        _encoder.Dispose();
        _cipher.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int EncodeOneShot()
    {
        SecureMessageCodec.TryEncode(_cipher, _payload, Header(), _datagram, out var written);
        return written;
    }

    [Benchmark]
    public int EncodeReused()
    {
        _encoder.TryEncode(_cipher, _payload, Header(), _datagram, out var written);
        return written;
    }

    [Benchmark]
    public int AesOnly() => _cipher.AesEncrypt(_payload.AsSpan(0, 160), _iv, _datagram);

    [Benchmark]
    public byte Md5Only()
    {
        _encoder.Md5Hex(_payload, _hex);
        return _hex[0];
    }

    [Benchmark]
    public byte RandomOnly()
    {
        RandomNumberGenerator.Fill(_iv);
        return _iv[0];
    }

    [Benchmark]
    public uint SenderCounterNext() => _counter.Next().Local;

    private SecureMessageHeader Header() => new(CryptoMethod.Aes, 0, 1, 4242, _iv, "1024");
}
