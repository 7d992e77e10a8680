using OssecSharp.Core.Layout;

namespace OssecSharp.Control;

/// <summary>
/// ossec-control: starts, stops and reports the daemons of one install as a set, with OSSEC's output lines
/// (ossec-hids <c>src/init/ossec-server.sh</c> and <c>ossec-client.sh</c>).
/// </summary>
internal sealed partial class ControlTool
{
    private readonly OssecPaths _paths;
    private readonly DaemonCatalog _catalog;
    private readonly PidFileTable _pids;
    private readonly IProcessProbe _probe;
    private readonly DaemonLauncher _launcher;
    private readonly ProcessListFile _processList;
    private readonly TextWriter _out;
    private readonly ControlTimings _timings;
    private readonly string _version;

    public ControlTool(OssecPaths paths, IProcessProbe probe, TextWriter output, ControlTimings timings)
    {
        _paths = paths;
        _probe = probe;
        _out = output;
        _timings = timings;
        _processList = new ProcessListFile(paths.ProcessList);
        _catalog = new DaemonCatalog(paths, paths.ReadInstallType(), _processList);
        _pids = new PidFileTable(paths, probe);
        _launcher = new DaemonLauncher(paths, timings.DaemonStart);
        _version = ReadVersion(paths) ?? Core.ProductInfo.OssecVersion;
    }

    private string ScriptPath => Path.Combine(_paths.Bin, "ossec-control");

    /// <summary>Runs one command line (<c>start</c>, <c>status -j</c>, <c>enable agentless</c>, ...) and returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken token)
    {
        var json = args.Contains("-j") || args.Contains("--json");
        var words = args.Where(a => a is not "-j" and not "--json").ToList();
        var command = words.Count > 0 ? words[0] : string.Empty;
        var argument = words.Count > 1 ? words[1] : null;

        switch (command)
        {
            case "start":
                return await StartAsync(testFirst: true, token);
            case "stop":
                return await StopAsync(token);
            case "restart":
                if (await TestConfigAsync(token) != 0)
                {
                    return 1;
                }

                await StopAsync(token);
                return await StartAsync(testFirst: false, token);
            case "reload":
                await StopAsync(token);
                return await StartAsync(testFirst: true, token);
            case "status":
                return json ? StatusJson() : Status();
            case "enable" when !_catalog.IsAgent:
                return SetOptional("enable", argument, enabled: true);
            case "disable" when !_catalog.IsAgent:
                return SetOptional("disable", argument, enabled: false);
            default:
                PrintUsage();
                return 1;
        }
    }

    private void PrintUsage()
    {
        if (_catalog.IsAgent)
        {
            _out.WriteLine($"Usage: {ScriptPath} {{start|stop|reload|restart|status}}");
        }
        else
        {
            _out.WriteLine();
            _out.WriteLine($"Usage: {ScriptPath} {{start|stop|reload|restart|status|enable|disable}}");
        }
    }

    private int SetOptional(string verb, string? name, bool enabled)
    {
        var names = string.Join(", ", OptionalDaemon.All.Select(o => o.OptionName));
        var choices = string.Join("|", OptionalDaemon.All.Select(o => o.OptionName));
        var title = verb == "enable" ? "Enable" : "Disable";
        if (name is null || OptionalDaemon.ForOption(name) is not { } option)
        {
            _out.WriteLine();
            if (name is not null)
            {
                _out.WriteLine($"Invalid {verb} option.");
                _out.WriteLine();
            }

            _out.WriteLine($"{title} options: {names}");
            _out.WriteLine($"Usage: {ScriptPath} {verb} [{choices}]");
            return 1;
        }

        _processList.Set(option, enabled);
        return 0;
    }

    private static string? ReadVersion(OssecPaths paths)
    {
        if (!File.Exists(paths.OssecInitConf))
        {
            return null;
        }

        foreach (var line in File.ReadLines(paths.OssecInitConf))
        {
            if (line.StartsWith("VERSION=", StringComparison.Ordinal))
            {
                var value = line["VERSION=".Length..].Trim().Trim('"');
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
