using BenchmarkDotNet.Attributes;

namespace OssecSharp.Benchmarks.Enrollment;

/// <summary>
/// Enrollments per second through a real TLS ossec-authd (in-process, loopback), as OSSEC's were measured: parallel
/// TLS 1.2 clients on the same host, with 10,000 or 100,000 agents already registered. One operation = one
/// enrollment (handshake, request, group-committed durable write, key). client.keys is reset before each iteration.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EnrollmentBenchmarks
{
    private const int PerInvoke = 1000;
    private EnrollmentLoad _load = null!;

    [Params(10_000, 100_000)]
    public int Registered { get; set; }

    [Params(false, true)]
    public bool Ecdsa { get; set; }

    [Params(8, 64)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup() => _load = EnrollmentLoad.StartAsync(Registered, Ecdsa).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _load.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup]
    public void Reset() => _load.ResetKeys();

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public Task Enroll() => _load.RunAsync(PerInvoke, Clients);
}
