namespace OssecSharp.Core.Cli;

/// <summary>The flags every OSSEC daemon shares, read from a parse result.</summary>
public sealed record CommonOptions(
    int DebugLevel,
    bool Foreground,
    bool TestConfig,
    bool ShowVersion,
    bool ShowHelp,
    string? Home,
    string? User,
    string? Group,
    string? ConfigFile)
{
    /// <summary>Reads -d (counted), -f, -t, -V, -h, -D, -u, -g, -c.</summary>
    public static CommonOptions From(OssecParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CommonOptions(
            result.Count('d'),
            result.Has('f'),
            result.Has('t'),
            result.Has('V'),
            result.Has('h'),
            result.Value('D'),
            result.Value('u'),
            result.Value('g'),
            result.Value('c'));
    }
}
