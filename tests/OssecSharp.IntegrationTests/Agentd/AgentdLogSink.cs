using System.Collections.Concurrent;
using OssecSharp.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>Keeps log events in memory, rendered as ossec.log lines, so tests can assert what the daemon logged.</summary>
internal sealed class AgentdLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Whole ossec.log lines (<c>date time ossec-agentd(code): LEVEL: text</c>).</summary>
    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    /// <summary>The text part of each line (after <c>LEVEL: </c>).</summary>
    public IReadOnlyCollection<string> Messages => [.. _lines.Select(TextOf)];

    public void Emit(LogEvent logEvent) => _lines.Enqueue(OssecLineFormatter.Format(logEvent, "ossec-agentd").TrimEnd('\n'));

    public ILogger CreateLogger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    private static string TextOf(string line)
    {
        var tagEnd = line.IndexOf(": ", 20, StringComparison.Ordinal);
        var levelEnd = line.IndexOf(": ", tagEnd + 2, StringComparison.Ordinal);
        return line[(levelEnd + 2)..];
    }
}
