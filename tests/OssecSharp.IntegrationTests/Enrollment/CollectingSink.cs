using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>Keeps rendered log lines as <c>LEVEL: text</c> for assertions.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return [.. _lines]; } }
    }

    public void Emit(LogEvent logEvent)
    {
        var level = logEvent.Level switch
        {
            LogEventLevel.Warning => "WARN",
            LogEventLevel.Error => "ERROR",
            LogEventLevel.Fatal => "CRITICAL",
            LogEventLevel.Information => "INFO",
            _ => "DEBUG",
        };
        lock (_lines)
        {
            _lines.Add($"{level}: {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }
}
