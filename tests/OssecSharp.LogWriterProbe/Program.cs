using System.Globalization;
using OssecSharp.Core.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace OssecSharp.LogWriterProbe;

/// <summary>Usage: ossecsharp-logwriter-probe &lt;log file&gt; &lt;tag&gt; &lt;count&gt;. Writes count numbered lines.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: ossecsharp-logwriter-probe <file> <tag> <count>");
            return 1;
        }

        var sink = new OssecLogFileSink(args[0], args[1]);
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var template = new MessageTemplateParser().Parse("line {Number} {Padding}");
        var padding = new ScalarValue(new string('x', 150));
        for (var i = 0; i < count; i++)
        {
            var logEvent = new LogEvent(
                DateTimeOffset.Now,
                LogEventLevel.Information,
                null,
                template,
                [new LogEventProperty("Number", new ScalarValue(i)), new LogEventProperty("Padding", padding)]);
            sink.Emit(logEvent);
        }

        return sink.FailedWrites == 0 ? 0 : 2;
    }
}
