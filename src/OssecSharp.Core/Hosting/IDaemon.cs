namespace OssecSharp.Core.Hosting;

/// <summary>
/// One daemon's lifecycle under <see cref="DaemonHost{TConfig}"/>, the same for every daemon: created from the
/// <see cref="DaemonContext"/> and its configuration (<see cref="DaemonSpec{TConfig}.Create"/>), prepared as root,
/// run after the privilege drop, disposed on the way out.
/// </summary>
/// <remarks>
/// The host disposes the daemon after <see cref="RunAsync"/> returns, and also when a start-up step after
/// <see cref="PrepareAsync"/> fails (so sockets bound as root are closed). It does not dispose a daemon whose run
/// outlived the shutdown timeout: the process is leaving anyway, and disposing under a running daemon would race it.
/// </remarks>
public interface IDaemon : IAsyncDisposable
{
    /// <summary>
    /// Work done as root, before the privilege drop: bind sockets, open root-only files, check what must be there.
    /// Throw to refuse to start (the host logs the reason and exits 1; <see cref="StartupRefusedException"/> when the
    /// reason is logged already). Returns false when there is nothing to run (the daemon has logged why, as OSSEC's
    /// "Not configured. Exiting."): the host then exits 0 without a PID file.
    /// </summary>
    Task<bool> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (a shutdown signal); returns the exit code.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}
