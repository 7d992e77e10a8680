using Serilog.Core;
using Serilog.Events;

namespace OssecSharp.Core.Logging;

/// <summary>Writes the same OSSEC line to a text writer (stderr with <c>-f</c>, as OSSEC's foreground mode does).</summary>
internal sealed class OssecTextWriterSink : ILogEventSink
{
    private readonly TextWriter _writer;
    private readonly string _tag;
    private readonly Lock _gate = new();

    /// <summary>Creates the sink over <paramref name="writer"/>.</summary>
    public OssecTextWriterSink(TextWriter writer, string tag)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _tag = tag;
    }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        var line = OssecLineFormatter.Format(logEvent, _tag);
        lock (_gate)
        {
            try
            {
                _writer.Write(line);
                _writer.Flush();
            }
            catch (IOException)
            {
                // stderr closed (detached daemon, reader gone): the file sink still has the line.
            }
            catch (ObjectDisposedException)
            {
                // Same as above.
            }
        }
    }
}
