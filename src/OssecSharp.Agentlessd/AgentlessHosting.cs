using OssecSharp.Agentlessd.Running;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Config;
using OssecSharp.Core.Events;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Rotation;

namespace OssecSharp.Agentlessd;

/// <summary>The two ways ossec-agentlessd runs: the daemon under <see cref="DaemonHost{TConfig}"/>, and one cron pass.</summary>
internal static class AgentlessHosting
{
    /// <summary>Cron mode: no detaching, no PID file, one pass; the exit code says whether checks failed.</summary>
    public static async Task<int> RunOnceAsync(string name, OssecPaths paths, AgentlessConfig config, CommonOptions options, IReadOnlyList<string> selectors)
    {
        await using var logger = OssecLogging.CreateLogger(name, paths, options.DebugLevel, options.Foreground, Console.Error);

        // Same account as the daemon, so state written by cron runs stays writable by the daemon and back.
        if (new PrivilegeDrop(new UserDatabase(), logger).Apply(options.User ?? "ossec", options.Group ?? "ossec",
                options.User is not null, options.Group is not null, paths.Home) is { } dropError)
        {
            logger.WithCode(1203).Fatal("{Reason}", dropError);
            return 1;
        }

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

    public static Task<int> RunDaemonAsync(string name, OssecCommandSpec commandLine, string[] args)
    {
        var spec = new DaemonSpec<AgentlessConfig>
        {
            Name = name,
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
            DailyFiles = RotationOwners.Detect(paths).OurDailyFiles,
        }, logger);
    }
}
