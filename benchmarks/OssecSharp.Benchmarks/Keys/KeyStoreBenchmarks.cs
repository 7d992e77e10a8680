using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Keys;

namespace OssecSharp.Benchmarks.Keys;

/// <summary>One locked, re-read, atomic rewrite of a 50,000-agent client.keys per operation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 1)]
public class KeyStoreBenchmarks
{
    private const int Agents = 50_000;
    private string _dir = string.Empty;
    private string _path = string.Empty;
    private string _text = string.Empty;
    private KeyStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = KeyFileFixture.NewTempDirectory();
        _path = Path.Combine(_dir, "client.keys");
        _text = KeyFileFixture.Text(Agents);
        _store = new KeyStore(_path);
    }

    [IterationSetup]
    public void Reset() => File.WriteAllText(_path, _text);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public KeyAddResult AddOne50k() => _store.Add(new KeyAddRequest("bench-new", "any", Key: KeyFileFixture.Key));

    [Benchmark]
    public KeyValidationError RemoveOne50k() => _store.Remove("025000");
}
