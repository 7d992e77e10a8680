using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OssecSharp.Tests.Common;

/// <summary>
/// A strict reader of Prometheus' text exposition format 0.0.4, as node_exporter's textfile collector reads it, plus
/// the naming rules: every line is a HELP, a TYPE or a sample; names and label names are valid; label values and help
/// texts use only the three escapes; each family has at most one HELP and one TYPE, both before its samples; a family's
/// samples are contiguous; no series appears twice; values are floats; counters end in <c>_total</c> and are never
/// negative; the text is UTF-8 and ends with a newline. Throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static partial class PromTextParser
{
    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    /// <summary>Series value by <c>name{labels}</c> key (labels as written, sorted by name).</summary>
    public static Dictionary<string, double> Parse(byte[] bytes)
    {
        var text = new UTF8Encoding(false, true).GetString(bytes);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the text does not end with a newline");
        }

        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: '{line}'";
            if (line.Contains('\r', StringComparison.Ordinal))
            {
                throw new FormatException(where + ": carriage return");
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    Require(MetricName().IsMatch(name), where, "bad metric name");
                    Require(!finished.Contains(name) && (current is null || current == name || !series.Keys.Any(k => Family(k) == name)), where,
                        "HELP/TYPE after the family's samples");
                    SwitchTo(name, ref current, finished);
                    if (parts[1] == "HELP")
                    {
                        Require(helps.Add(name), where, "second HELP");
                        CheckEscapes(parts.Length > 3 ? parts[3] : string.Empty, quotes: false, where);
                    }
                    else
                    {
                        Require(parts.Length == 4 && parts[3] is "counter" or "gauge" or "histogram" or "summary" or "untyped", where, "bad TYPE");
                        Require(types.TryAdd(name, parts[3]), where, "second TYPE");
                        Require(!series.Keys.Any(k => Family(k) == name), where, "TYPE after samples");
                        Require(parts[3] != "counter" || name.EndsWith("_total", StringComparison.Ordinal), where, "counter not named *_total");
                    }
                }

                continue;
            }

            var (metric, labels, value) = ParseSample(line, where);
            Require(!finished.Contains(metric), where, "family's samples are not contiguous");
            SwitchTo(metric, ref current, finished);
            Require(series.TryAdd(metric + labels, value), where, "duplicate series");
            if (types.TryGetValue(metric, out var type) && type == "counter")
            {
                Require(value >= 0, where, "negative counter");
            }
        }

        return series;
    }

    private static void SwitchTo(string name, ref string? current, HashSet<string> finished)
    {
        if (current is not null && current != name)
        {
            finished.Add(current);
        }

        current = name;
    }

    private static string Family(string key) => key.Split('{')[0];

    private static (string Metric, string Labels, double Value) ParseSample(string line, string where)
    {
        var position = 0;
        while (position < line.Length && line[position] is not '{' and not ' ')
        {
            position++;
        }

        var metric = line[..position];
        Require(MetricName().IsMatch(metric), where, "bad metric name");
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var eq = line.IndexOf('=', position);
                Require(eq > position, where, "label without '='");
                var name = line[position..eq];
                Require(LabelName().IsMatch(name) && !name.StartsWith("__", StringComparison.Ordinal), where, "bad label name");
                Require(eq + 1 < line.Length && line[eq + 1] == '"', where, "label value not quoted");
                var value = new StringBuilder();
                var p = eq + 2;
                while (true)
                {
                    Require(p < line.Length, where, "unterminated label value");
                    var c = line[p];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        Require(p + 1 < line.Length && line[p + 1] is '\\' or '"' or 'n', where, "bad escape");
                        value.Append(line[p + 1] == 'n' ? '\n' : line[p + 1]);
                        p += 2;
                        continue;
                    }

                    value.Append(c);
                    p++;
                }

                Require(labels.TryAdd(name, value.ToString()), where, "label repeated");
                position = p + 1;
                Require(position < line.Length && line[position] is ',' or '}', where, "bad label separator");
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        Require(position < line.Length && line[position] == ' ', where, "no space before the value");
        var rest = line[(position + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, where, "extra fields");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ when double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
            _ => throw new FormatException(where + ": bad value"),
        };
        Require(rest.Length == 1 || long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), where, "bad timestamp");
        var key = labels.Count == 0 ? string.Empty : "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
        return (metric, key, number);
    }

    private static void CheckEscapes(string text, bool quotes, string where)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                Require(i + 1 < text.Length && (text[i + 1] is '\\' or 'n' || (quotes && text[i + 1] == '"')), where, "bad escape in HELP");
                i++;
            }
        }
    }

    private static void Require(bool condition, string where, string problem)
    {
        if (!condition)
        {
            throw new FormatException(where + ": " + problem);
        }
    }
}
