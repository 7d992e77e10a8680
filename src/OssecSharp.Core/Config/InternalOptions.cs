using System.Globalization;
using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Config;

/// <summary>
/// <c>etc/internal_options.conf</c> overlaid by <c>etc/local_internal_options.conf</c> (control-and-files.md §5):
/// <c>section.key=value</c>; lines starting with <c>#</c>, space or empty skipped; in each file the first
/// matching line wins; the local file wins over the shipped one. Deviation: a missing file or key gives the
/// caller's default (OSSEC exits with 2301 on a missing key).
/// </summary>
public sealed class InternalOptions
{
    private readonly Dictionary<string, (string Value, string File, int Line)> _values;

    private InternalOptions(Dictionary<string, (string Value, string File, int Line)> values) => _values = values;

    /// <summary>No options: every lookup gives its default.</summary>
    public static InternalOptions Empty { get; } = new([]);

    /// <summary>Reads the two files of an install.</summary>
    public static InternalOptions Load(OssecPaths paths) => Load(paths.InternalOptions, paths.LocalInternalOptions);

    /// <summary>Reads <paramref name="shippedPath"/> then <paramref name="localPath"/> (missing files are fine).</summary>
    public static InternalOptions Load(string shippedPath, string? localPath)
    {
        var values = new Dictionary<string, (string, string, int)>(StringComparer.Ordinal);
        if (localPath is not null)
        {
            Read(localPath, values);
        }

        Read(shippedPath, values);
        return new InternalOptions(values);
    }

    /// <summary>The raw value, or null.</summary>
    public string? GetString(string section, string option) =>
        _values.TryGetValue(section + "." + option, out var v) ? v.Value : null;

    /// <summary>
    /// An integer option: all digits and within [<paramref name="min"/>, <paramref name="max"/>], else a
    /// <see cref="ConfigException"/> (OSSEC 2302); absent → <paramref name="defaultValue"/>.
    /// </summary>
    public int GetInt(string section, string option, int defaultValue, int min, int max)
    {
        var name = section + "." + option;
        if (!_values.TryGetValue(name, out var entry))
        {
            return defaultValue;
        }

        var v = entry.Value;
        if (v.Length > 0 && v.Length <= 10 && v.All(char.IsAsciiDigit)
            && long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return (int)n;
        }

        throw new ConfigException(entry.File, entry.Line, name, $"Invalid definition for {name}: '{v}' (expected {min}-{max}).");
    }

    private static void Read(string path, Dictionary<string, (string, string, int)> values)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, "internal options", "cannot read the file: " + ex.Message, ex);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] is '#' or ' ' or '\t')
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            // TryAdd: the first matching line of a file wins, and the local file is read first.
            values.TryAdd(line[..eq], (line[(eq + 1)..], path, i + 1));
        }
    }
}
