using OssecSharp.Agentlessd.Running;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Config;
using OssecSharp.Core.Events;
using OssecSharp.Core.Hosting;
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
            return await RunDaemonAsync(spec, args); // prints the getopt error, help or version
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
            ? await RunOnceAsync(paths, config, options, [.. parse.Values('n'), .. parse.Operands])
            : await RunDaemonAsync(spec, args);
    }

    /// <summary>Cron mode: no detaching, no PID file, one pass; the exit code says whether checks failed.</summary>
    private static async Task<int> RunOnceAsync(OssecPaths paths, AgentlessConfig config, CommonOptions options, IReadOnlyList<string> selectors)
    {
        await using var logger = OssecLogging.CreateLogger(Name, paths, options.DebugLevel, options.Foreground, Console.Error);
        using var signals = new ShutdownSignals();
        await using var sink = CreateSink(paths, logger);
        sink.Start();
        var daemon = new AgentlessDaemon(paths, logger, config, new EventSinkAdapter(sink, logger), TimeProvider.System,
            AgentlessDaemon.DefaultScriptTimeout, AgentlessDaemon.DefaultRetryBase);
        try
        {
            return await daemon.RunOnceAsync(selectors, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            return 1;
        }
        finally
        {
            await sink.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static Task<int> RunDaemonAsync(OssecCommandSpec commandLine, string[] args)
    {
        var spec = new DaemonSpec<AgentlessConfig>
        {
            Name = Name,
            CommandLine = commandLine,
            LoadConfig = context => AgentlessDaemon.LoadConfig(context.ConfigFile, context.Paths, context.Logger)
                ?? throw new InvalidOperationException("Invalid agentless configuration."),
            RunAsync = async (context, config, token) =>
            {
                await using var sink = CreateSink(context.Paths, context.Logger);
                sink.Start();
                var daemon = new AgentlessDaemon(context.Paths, context.Logger, config, new EventSinkAdapter(sink, context.Logger),
                    TimeProvider.System, AgentlessDaemon.DefaultScriptTimeout, AgentlessDaemon.DefaultRetryBase);
                try
                {
                    await daemon.RunAsync(token);
                }
                finally
                {
                    await sink.StopAsync(TimeSpan.FromSeconds(10));
                }

                return 1;
            },
        };
        return new DaemonHost<AgentlessConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error }).RunAsync(args);
    }

    private static EventSink CreateSink(OssecPaths paths, Serilog.ILogger logger)
    {
        Directory.CreateDirectory(paths.ArchivesDir);
        return new EventSink(new EventSinkOptions
        {
            ArchivesLog = paths.ArchivesLog,
            ArchivesJson = paths.ArchivesJson,
            AnalysisSocket = paths.OssecQueueSocket,
        }, logger);
    }
}
