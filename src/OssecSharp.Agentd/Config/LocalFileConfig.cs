using System.Globalization;
using OssecSharp.Core.Config;

namespace OssecSharp.Agentd.Config;

/// <summary>One <c>&lt;localfile&gt;</c> block: a log file or command the agent reads.</summary>
internal sealed class LocalFileConfig
{
    private static readonly HashSet<string> s_formats = new(StringComparer.Ordinal)
    {
        "syslog", "snort-full", "snort-fast", "squid", "iis", "eventlog", "eventchannel", "mysql_log",
        "postgresql_log", "nmapg", "apache", "command", "full_command", "djb-multilog", "multi-line", "json",
        "audit", "ossecalert",
    };

    private LocalFileConfig(string file, int line) => (File, Line) = (file, line);

    /// <summary>Where the block starts.</summary>
    public string File { get; }

    /// <summary>Line of the <c>&lt;localfile&gt;</c> tag.</summary>
    public int Line { get; }

    /// <summary><c>log_format</c> (e.g. <c>syslog</c>, <c>command</c>, <c>full_command</c>, <c>multi-line: 3</c>).</summary>
    public string LogFormat { get; private set; } = string.Empty;

    /// <summary>The file (or glob / strftime pattern) to read; null for commands.</summary>
    public string? Location { get; private set; }

    /// <summary>The command to run (<c>command</c>/<c>full_command</c> formats).</summary>
    public string? Command { get; private set; }

    /// <summary>Name used instead of the command line in events.</summary>
    public string? Alias { get; private set; }

    /// <summary>Seconds between command runs (null: OSSEC's default).</summary>
    public int? Frequency { get; private set; }

    /// <summary><c>only-future-events</c> (Windows eventchannel).</summary>
    public bool OnlyFutureEvents { get; private set; }

    /// <summary><c>check_diff</c> (report only changed command output).</summary>
    public bool CheckDiff { get; private set; }

    /// <summary><c>query</c> (Windows eventchannel XPath).</summary>
    public string? Query { get; private set; }

    /// <summary>Reads every <c>&lt;localfile&gt;</c> block in file order.</summary>
    public static IReadOnlyList<LocalFileConfig> From(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [.. document.Sections("localfile").Select(Read)];
    }

    private static LocalFileConfig Read(ConfigElement block)
    {
        var config = new LocalFileConfig(block.File, block.Line);
        foreach (var e in block.Children)
        {
            ConfigValues.NoChildren(e);
            switch (e.Name)
            {
                case "log_format":
                    config.LogFormat = ParseFormat(e);
                    break;
                case "location":
                    config.Location = ConfigValues.Text(e);
                    break;
                case "command":
                    config.Command = ConfigValues.Text(e);
                    break;
                case "alias":
                    config.Alias = ConfigValues.Text(e);
                    break;
                case "frequency":
                    config.Frequency = ConfigValues.Int(e, 1, int.MaxValue);
                    break;
                case "only-future-events":
                    config.OnlyFutureEvents = ConfigValues.YesNo(e);
                    break;
                case "check_diff":
                    config.CheckDiff = true;
                    break;
                case "query":
                    config.Query = ConfigValues.Text(e);
                    break;
                default:
                    throw ConfigValues.Unknown(e);
            }
        }

        if (config.LogFormat.Length == 0)
        {
            throw ConfigException.For(block, "Missing 'log_format' element.");
        }

        var isCommand = config.LogFormat is "command" or "full_command";
        if (isCommand ? config.Command is null : config.Location is null)
        {
            throw ConfigException.For(block, isCommand ? "Missing 'command' element." : "Missing 'location' element.");
        }

        return config;
    }

    private static string ParseFormat(ConfigElement e)
    {
        var v = e.Value;
        // multi-line takes a line count: "multi-line: 3".
        if (v.StartsWith("multi-line:", StringComparison.Ordinal)
            && int.TryParse(v.AsSpan("multi-line:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return v;
        }

        return s_formats.Contains(v) ? v : throw ConfigException.For(e, $"Invalid log format: '{v}'.");
    }
}
