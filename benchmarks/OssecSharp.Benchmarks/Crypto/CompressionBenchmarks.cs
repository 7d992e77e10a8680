using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Benchmarks.Crypto;

/// <summary>The zlib step alone: system zlib one-shot calls against the ZLibStream fallback.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class CompressionBenchmarks
{
    private readonly byte[] _work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
    private byte[] _source = [];
    private byte[] _compressed = [];
    private byte[] _output = [];
    private int _compressedLength;

    [Params(196, 1077)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = SecureChannelBenchmarks.EventOfSize(Size);
        _output = new byte[MessageCompression.MaxCompressedLength(Size)];
        _compressed = new byte[_output.Length];
        _compressedLength = MessageCompression.Compress(_source, _compressed, 0);
    }

    [Benchmark]
    public int CompressNative() => MessageCompression.Compress(_source, _output, 0);

    [Benchmark]
    public int CompressManaged() => MessageCompression.CompressManaged(_source, _output, 0);

    [Benchmark]
    public int DecompressNative()
    {
        MessageCompression.TryDecompress(_compressed, 0, _compressedLength, _work, 6144, out var n);
        return n;
    }

    [Benchmark]
    public int DecompressManaged()
    {
        MessageCompression.TryDecompressManaged(_compressed, 0, _compressedLength, _work, 6144, out var n);
        return n;
    }
}
