using OssecSharp.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.Tests.Common;

/// <summary>In-memory Serilog sink: collects events and their OSSEC lines (SLF Support/CollectingSink.cs).</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly List<LogEvent> _events = [];
    private readonly Lock _gate = new();
    private readonly string _tag;

    public CollectingSink(string tag = "ossec-test")
    {
        _tag = tag;
    }

    public IReadOnlyList<LogEvent> Events
    {
        get { lock (_gate) { return [.. _events]; } }
    }

    /// <summary>The OSSEC lines (without their timestamp and newline), e.g. <c>ossec-test: INFO: Started (pid: 1).</c></summary>
    public IReadOnlyList<string> Lines => [.. Events.Select(e => OssecLineFormatter.Format(e, _tag)[20..].TrimEnd('\n'))];

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _events.Add(logEvent);
        }
    }

    /// <summary>A logger writing only to a new collecting sink.</summary>
    public static (ILogger Logger, CollectingSink Sink) CreateLogger(string tag = "ossec-test", LogEventLevel minimum = LogEventLevel.Verbose)
    {
        var sink = new CollectingSink(tag);
        var logger = new LoggerConfiguration().MinimumLevel.Is(minimum).WriteTo.Sink(sink).CreateLogger();
        return (logger, sink);
    }
}
