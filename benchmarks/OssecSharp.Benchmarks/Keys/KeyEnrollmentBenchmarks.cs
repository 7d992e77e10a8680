using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Keys;

namespace OssecSharp.Benchmarks.Keys;

/// <summary>
/// ossec-authd's group commit: one transaction adding a batch of agents (authd ids from 1024) on a long-lived
/// store whose cached image is current, i.e. the steady state of an enrollment storm. Each operation is durable
/// (fsync of the file and of the folder) before it returns.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: 16)]
public class KeyEnrollmentBenchmarks
{
    private string _dir = string.Empty;
    private KeyStore _store = null!;
    private int _next;

    [Params(10_000, 100_000)]
    public int Agents { get; set; }

    [Params(1, 32)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = KeyFileFixture.NewTempDirectory();
        var path = Path.Combine(_dir, "client.keys");
        File.WriteAllText(path, KeyFileFixture.Text(Agents));
        _store = new KeyStore(path);
        _store.Load();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark]
    public int GroupCommit() => _store.Update(tx =>
    {
        for (var i = 0; i < Batch; i++)
        {
            var name = "enroll-" + (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            tx.Add(new KeyAddRequest(name, "any", Key: KeyFileFixture.Key, Policy: KeyIdPolicy.Authd));
        }

        return tx.Added.Count;
    });
}
