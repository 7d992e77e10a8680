using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.Agentlessd;

/// <summary>Temporary ossec.log writer until the Core logging lands (OSSEC's line format, one append per line).</summary>
internal sealed class ShimLogSink : ILogEventSink
{
    private readonly string? _file;
    private readonly TextWriter? _stderr;
    private readonly object _gate = new();

    public ShimLogSink(string? file, TextWriter? stderr)
    {
        _file = file;
        _stderr = stderr;
    }

    public void Emit(LogEvent logEvent)
    {
        var level = logEvent.Level switch
        {
            LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
            LogEventLevel.Information => "INFO",
            LogEventLevel.Warning => "WARN",
            LogEventLevel.Error => "ERROR",
            _ => "CRITICAL",
        };
        var code = logEvent.Properties.TryGetValue("OssecCode", out var c) ? $"({c})" : string.Empty;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        logEvent.RenderMessage(text, CultureInfo.InvariantCulture);
        var message = text.ToString().Replace("\"", string.Empty, StringComparison.Ordinal).ReplaceLineEndings(" ");
        var line = $"{logEvent.Timestamp.ToLocalTime().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)} ossec-agentlessd{code}: {level}: {message}\n";
        lock (_gate)
        {
            if (_file is not null)
            {
                File.AppendAllText(_file, line);
            }

            _stderr?.Write(line);
        }
    }
}
