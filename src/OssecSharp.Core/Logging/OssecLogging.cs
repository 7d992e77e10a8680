using OssecSharp.Core.Layout;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.Core.Logging;

/// <summary>Builds the Serilog logger every OssecSharp program uses (OSSEC's ossec.log format and levels).</summary>
public static class OssecLogging
{
    /// <summary>The minimum level for OSSEC's debug count: 0 = INFO and above, 1 (<c>-d</c>) = Debug, 2+ (<c>-dd</c>) = Verbose.</summary>
    public static LogEventLevel MinimumLevel(int debugLevel) => debugLevel switch
    {
        <= 0 => LogEventLevel.Information,
        1 => LogEventLevel.Debug,
        _ => LogEventLevel.Verbose,
    };

    /// <summary>
    /// A logger writing <c>logs/ossec.log</c> under <paramref name="paths"/> (when not null), plus
    /// <paramref name="stderr"/> when <paramref name="foreground"/>, plus any <paramref name="extraSinks"/>.
    /// </summary>
    public static Logger CreateLogger(
        string daemonName,
        OssecPaths? paths,
        int debugLevel,
        bool foreground,
        TextWriter? stderr = null,
        params ILogEventSink[] extraSinks)
    {
        ArgumentException.ThrowIfNullOrEmpty(daemonName);
        var configuration = new LoggerConfiguration().MinimumLevel.Is(MinimumLevel(debugLevel));
        if (paths is not null)
        {
            configuration = configuration.WriteTo.Sink(new OssecLogFileSink(paths.OssecLog, daemonName));
        }

        if (foreground)
        {
            configuration = configuration.WriteTo.Sink(new OssecTextWriterSink(stderr ?? TextWriter.Null, daemonName));
        }

        foreach (var sink in extraSinks)
        {
            configuration = configuration.WriteTo.Sink(sink);
        }

        return configuration.CreateLogger();
    }
}
