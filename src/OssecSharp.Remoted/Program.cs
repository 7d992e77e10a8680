using OssecSharp.Core.Cli;
using OssecSharp.Core.Events;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Rotation;
using OssecSharp.Remoted.Pipeline;

namespace OssecSharp.Remoted;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        RemotedDaemon? daemon = null;
        var spec = new DaemonSpec<RemotedConfig>
        {
            Name = RemotedDaemon.Name,
            DefaultUser = "ossecr",
            CommandLine = OssecCommandSpec.ForDaemon(RemotedDaemon.Name, "ossecr", "ossec"),
            LoadConfig = context => RemotedConfigLoader.Load(context.ConfigFile, context.Paths),
            PrepareAsync = (context, config, ct) =>
            {
                if (config.Listeners.Count == 0)
                {
                    return Task.CompletedTask;
                }

                // Bind sockets and open root-only files before the privilege drop. A client.keys that is a
                // directory or unreadable is named as such, not reported as "not found or empty".
                var paths = context.Paths;
                FileAccessError.ThrowIfUnreadable(paths.ClientKeys);
                daemon = new RemotedDaemon(paths, config, context.Logger, _ => new EventSinkOutput(new EventSink(
                    new EventSinkOptions
                    {
                        ArchivesLog = paths.ArchivesLog,
                        ArchivesJson = paths.ArchivesJson,
                        AnalysisSocket = paths.OssecQueueSocket,
                        // ~0.65 s at 100,000 events/s behind the receive queue; ~15 MB when full.
                        Capacity = 65536,
                        DailyFiles = RotationOwners.Detect(paths).OurDailyFiles,
                    },
                    context.Logger)));
                daemon.Prepare(ct);
                return Task.CompletedTask;
            },
            RunAsync = async (context, config, ct) =>
            {
                if (daemon is null)
                {
                    // OSSEC: no <remote> block, nothing to do.
                    return 0;
                }

                await using (daemon)
                {
                    return await daemon.RunAsync(ct);
                }
            },
            SignalExitCode = 1,
        };

        return await new DaemonHost<RemotedConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
            .RunAsync(args);
    }
}
