using System.Net;
using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Keys;

namespace OssecSharp.Benchmarks.Keys;

/// <summary>Loading a 100,000-agent client.keys and looking agents up in it.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class KeyTableBenchmarks
{
    private const int Agents = 100_000;
    private string _dir = string.Empty;
    private string _path = string.Empty;
    private KeyStore _store = null!;
    private KeyTable _table = null!;
    private IPAddress _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = KeyFileFixture.NewTempDirectory();
        _path = Path.Combine(_dir, "client.keys");
        File.WriteAllText(_path, KeyFileFixture.Text(Agents));
        _store = new KeyStore(_path);
        _table = _store.Load();
        _source = IPAddress.Parse(KeyFileFixture.IpOf(77_777));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>Read + parse + index the whole file (a fresh store: what a new process or a reload pays).</summary>
    [Benchmark]
    public int Load100k() => new KeyStore(_path).Load().Count;

    /// <summary>Load on a store whose file did not change: one statx, the cached table.</summary>
    [Benchmark]
    public int LoadUnchanged100k() => _store.Load().Count;

    [Benchmark]
    public KeyEntry? FindById() => _table.FindById("077777");

    /// <summary>remoted's lookup without <c>!id!</c>: exact source-ip string.</summary>
    [Benchmark]
    public KeyEntry? FindForSourceByIp() => _table.FindForSource(null, _source);

    /// <summary>remoted's lookup with <c>!id!</c>: id then CIDR/any check.</summary>
    [Benchmark]
    public KeyEntry? FindForSourceById() => _table.FindForSource("077778", _source);
}
