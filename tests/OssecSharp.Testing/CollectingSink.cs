using OssecSharp.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.Tests.Common;

/// <summary>
/// In-memory Serilog sink: collects events and shows them as ossec.log shows them (through the same formatter), so
/// a test asserts what the daemon would have written.
/// </summary>
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

    /// <summary>The text of each line, after <c>tag(code): LEVEL: </c>.</summary>
    public IReadOnlyList<string> Messages => [.. Events.Select(TextOf)];

    /// <summary>Each line as <c>LEVEL: text</c>, without the tag and message number.</summary>
    public IReadOnlyList<string> LevelMessages =>
        [.. Events.Select(e => OssecLineFormatter.LevelName(e.Level) + ": " + TextOf(e))];

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _events.Add(logEvent);
        }
    }

    /// <summary>A logger writing every level to this sink.</summary>
    public ILogger NewLogger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    /// <summary>A logger writing only to a new collecting sink.</summary>
    public static (ILogger Logger, CollectingSink Sink) CreateLogger(string tag = "ossec-test", LogEventLevel minimum = LogEventLevel.Verbose)
    {
        var sink = new CollectingSink(tag);
        var logger = new LoggerConfiguration().MinimumLevel.Is(minimum).WriteTo.Sink(sink).CreateLogger();
        return (logger, sink);
    }

    private string TextOf(LogEvent logEvent)
    {
        var line = OssecLineFormatter.Format(logEvent, _tag)[20..].TrimEnd('\n');
        if (logEvent.Properties.TryGetValue(OssecLog.UnprefixedProperty, out var value) && value is ScalarValue { Value: true })
        {
            return line;
        }

        var level = ": " + OssecLineFormatter.LevelName(logEvent.Level) + ": ";
        return line[(line.IndexOf(level, StringComparison.Ordinal) + level.Length)..];
    }
}
