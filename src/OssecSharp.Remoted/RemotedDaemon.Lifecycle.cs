using OssecSharp.Core.Events;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Rotation;
using OssecSharp.Remoted.Pipeline;

namespace OssecSharp.Remoted;

/// <summary>remoted under <see cref="DaemonHost{TConfig}"/>: created from the context, prepared as root, run, disposed.</summary>
internal sealed partial class RemotedDaemon : IDaemon
{
    /// <summary>The daemon of an install: events go to archives.log/archives.json and analysisd's queue.</summary>
    public static RemotedDaemon Create(DaemonContext context, RemotedConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paths = context.Paths;
        return new RemotedDaemon(paths, config, context.Logger, _ => new EventSinkOutput(new EventSink(
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
    }

    /// <summary>Loads the keys and binds every socket before the privilege drop (nothing with no listener).</summary>
    public Task<bool> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_config.Listeners.Count > 0)
        {
            // A client.keys that is a directory or unreadable is named as such, not reported as "not found or empty".
            FileAccessError.ThrowIfUnreadable(_paths.ClientKeys);
            Prepare(cancellationToken);
        }

        return Task.FromResult(true);
    }
}
