using OssecSharp.Core.Cli;
using OssecSharp.Core.Config;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;

namespace OssecSharp.Agentlessd;

internal static class Program
{
    private const string Name = "ossec-agentlessd";

    public static async Task<int> Main(string[] args)
    {
        var spec = OssecCommandSpec.ForDaemon(Name, "ossec", "ossec",
        [
            new OssecOption('r', null, "Run one pass of the due checks (or of", "the named ones) and exit: for cron."),
            new OssecOption('n', "name", "With -r: run this check (type, user@host", "or type:user@host); repeatable."),
        ]);
        var parse = OssecCommandLine.Parse(spec, args);
        var options = parse.Success ? CommonOptions.From(parse) : null;
        if (options is null || options.ShowHelp || options.ShowVersion)
        {
            return await AgentlessHosting.RunDaemonAsync(Name, spec, args); // prints the getopt error, help or version
        }

        // The configuration is checked here, before any daemon machinery, so that -t, cron runs and the
        // daemon all log OSSEC's exact lines (specific error, 1202, 7101) and exit 1.
        var paths = OssecPaths.ResolveForProcess(options.Home);
        var configFile = options.ConfigFile is { } file ? Path.GetFullPath(file) : paths.OssecConf;
        AgentlessConfig? config;
        await using (var logger = OssecLogging.CreateLogger(Name, paths, options.DebugLevel, foreground: true, Console.Error))
        {
            config = AgentlessDaemon.LoadConfig(configFile, paths, logger);
            if (config is null || options.TestConfig)
            {
                return config is null ? 1 : 0;
            }

            if (config.Entries.Count == 0)
            {
                logger.Information("Not configured. Exiting.");
                return 0;
            }

            if (!AgentlessDaemon.CheckPassList(paths, logger))
            {
                return 1;
            }
        }

        return parse.Has('r')
            ? await AgentlessHosting.RunOnceAsync(Name, paths, config, options, [.. parse.Values('n'), .. parse.Operands])
            : await AgentlessHosting.RunDaemonAsync(Name, spec, args);
    }
}
