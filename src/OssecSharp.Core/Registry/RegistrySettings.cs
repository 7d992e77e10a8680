using System.Globalization;
using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Registry;

/// <summary>
/// The shared agent registry of a cluster (docs/cluster.md), read from <c>etc/ossecsharp-registry.conf</c>. It lives
/// in a file of its own because OSSEC's daemons refuse an <c>ossec.conf</c> with a section they do not know: a mixed
/// install (OSSEC's analysisd beside our remoted) must keep starting. No file means client.keys alone, as OSSEC.
/// </summary>
/// <param name="ConnectionString">Npgsql connection string (a unix socket folder as <c>Host</c> is the usual form).</param>
/// <param name="Node">This manager's name in the registry (counter owners, agent status); default the host name.</param>
/// <param name="CheckpointInterval">How often remoted writes the counters of the agents it served (default 1 s).</param>
public sealed record RegistrySettings(string ConnectionString, string Node, TimeSpan CheckpointInterval)
{
    /// <summary>File name under <c>etc/</c>.</summary>
    public const string FileName = "ossecsharp-registry.conf";

    /// <summary>The settings of an install, or null when it has no registry file (single manager).</summary>
    /// <exception cref="RegistryException">The file exists but is not valid (the message names the line).</exception>
    public static RegistrySettings? Load(OssecPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = Path.Combine(paths.Etc, FileName);
        return File.Exists(path) ? Parse(File.ReadAllLines(path), path) : null;
    }

    /// <summary>Parses <c>key = value</c> lines (<c>#</c> starts a comment line).</summary>
    public static RegistrySettings Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string? connection = null;
        var node = Environment.MachineName;
        var interval = TimeSpan.FromSeconds(1);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new RegistryException($"{source}:{number}: expected 'key = value'.");
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "connection":
                    connection = value;
                    break;
                case "node":
                    node = value.Length is > 0 and <= 64 && !value.Contains(' ', StringComparison.Ordinal)
                        ? value
                        : throw new RegistryException($"{source}:{number}: node must be 1-64 characters without spaces.");
                    break;
                case "checkpoint_interval_ms":
                    interval = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms is >= 10 and <= 60_000
                        ? TimeSpan.FromMilliseconds(ms)
                        : throw new RegistryException($"{source}:{number}: checkpoint_interval_ms must be 10-60000.");
                    break;
                default:
                    throw new RegistryException($"{source}:{number}: unknown key '{key}'.");
            }
        }

        return string.IsNullOrEmpty(connection)
            ? throw new RegistryException($"{source}: 'connection' is missing.")
            : new RegistrySettings(connection, node, interval);
    }
}
