using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Authd;

/// <summary>authd under <see cref="DaemonHost{TConfig}"/>: created from the context, prepared as root, run, disposed.</summary>
internal sealed partial class AuthdDaemon : IDaemon
{
    private bool _ran;

    public static AuthdDaemon Create(DaemonContext context, AuthdConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AuthdDaemon(
            config,
            context.Paths,
            context.Logger,
            // With etc/ossecsharp-registry.conf, enrollments go to the cluster's registry (docs/cluster.md).
            () => (IEnrollmentKeyStore?)RegistryEnrollmentStore.ForInstall(context.Paths, config, context.Logger)
                ?? KeyStoreEnrollmentStore.ForInstall(context.Paths, config, context.Clock, context.Logger),
            context.Clock);
    }

    /// <summary>Key file, password, certificates and the listening socket, before privileges are dropped.</summary>
    Task<bool> IDaemon.PrepareAsync(CancellationToken cancellationToken)
    {
        // A client.keys that is a directory or unreadable: one line that names it (FileAccessError).
        FileAccessError.ThrowIfUnreadable(_paths.ClientKeys);
        return Prepare()
            ? Task.FromResult(true)
            : throw new InvalidOperationException("ossec-authd could not start (see the errors above).");
    }

    Task<int> IDaemon.RunAsync(CancellationToken cancellationToken)
    {
        _ran = true;
        return RunAsync(cancellationToken);
    }

    /// <summary>Closes what <see cref="Prepare"/> opened when the daemon never ran (a run closes it itself).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ran)
        {
            return;
        }

        _listener?.Dispose();
        if (_registrar is { } registrar)
        {
            await registrar.DisposeAsync().ConfigureAwait(false);
        }
    }
}
