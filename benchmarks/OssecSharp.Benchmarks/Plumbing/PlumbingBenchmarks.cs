using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Events;
using OssecSharp.Core.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace OssecSharp.Benchmarks.Plumbing;

/// <summary>ossec.log line formatting and the O_APPEND append, and the archives/queue formats of one event.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class PlumbingBenchmarks
{
    private readonly LogEvent _logEvent = new(
        DateTimeOffset.Now,
        LogEventLevel.Error,
        null,
        new MessageTemplateParser().Parse("Invalid ID {Id} for the source ip: '{Ip}'."),
        [new LogEventProperty("Id", new ScalarValue("003")), new LogEventProperty("Ip", new ScalarValue("10.0.0.1"))]);

    private readonly ArchiveEvent _event = new(
        '1', "(web01) any->/var/log/auth.log", "Nov 22 00:00:00 web01 sshd[123]: Accepted password for root from 10.0.0.9 port 22 ssh2",
        DateTimeOffset.Now, "001", "web01", "any");

    private string _directory = string.Empty;
    private OssecLogFileSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "ossecsharp-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _sink = new OssecLogFileSink(Path.Combine(_directory, "ossec.log"), "ossec-remoted");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public string FormatLogLine() => OssecLineFormatter.Format(_logEvent, "ossec-remoted");

    [Benchmark]
    public void AppendLogLine() => _sink.Emit(_logEvent);

    [Benchmark]
    public string FormatArchiveLine() => ArchiveFormatter.ArchiveLine(_event, "manager");

    [Benchmark]
    public byte[] FormatQueueDatagram() => ArchiveFormatter.QueueDatagram(_event);
}
