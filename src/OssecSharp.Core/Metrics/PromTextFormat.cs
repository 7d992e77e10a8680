using System.Globalization;
using System.Text;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Core.Metrics;

/// <summary>
/// Prometheus' text exposition format (version 0.0.4), written as a file for node_exporter's textfile collector:
/// <c># HELP</c> and <c># TYPE</c> before each family's series, label values and help texts escaped, one family's
/// series together, <c>\n</c> line ends. The file is replaced atomically, so the collector never reads half of it.
/// </summary>
public static class PromTextFormat
{
    /// <summary>Mode of the <c>.prom</c> files: read by group ossec (add node_exporter's account to it).</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>The text for <paramref name="metrics"/>.</summary>
    public static string Render(IEnumerable<PromMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder(2048);
        foreach (var metric in metrics)
        {
            text.Append("# HELP ").Append(metric.Name).Append(' ');
            AppendEscaped(text, metric.Help, escapeQuotes: false);
            text.Append('\n');
            text.Append("# TYPE ").Append(metric.Name).Append(' ').Append(metric.Type).Append('\n');
            foreach (var sample in metric.Samples)
            {
                text.Append(metric.Name);
                if (sample.Labels.Count > 0)
                {
                    text.Append('{');
                    for (var i = 0; i < sample.Labels.Count; i++)
                    {
                        text.Append(i == 0 ? string.Empty : ",").Append(sample.Labels[i].Key).Append("=\"");
                        AppendEscaped(text, sample.Labels[i].Value, escapeQuotes: true);
                        text.Append('"');
                    }

                    text.Append('}');
                }

                text.Append(' ').Append(Number(sample.Value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Replaces <paramref name="path"/> with the rendered metrics (temp file, fsync, rename).</summary>
    public static void WriteFile(string path, IEnumerable<PromMetric> metrics) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(Render(metrics)), FileMode);

    /// <summary>The <c>.prom</c> file beside a daemon's <c>.state</c> file.</summary>
    public static string PathBeside(string stateFile) => Path.ChangeExtension(stateFile, ".prom");

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendEscaped(StringBuilder text, string value, bool escapeQuotes)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '"' when escapeQuotes:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }
}
