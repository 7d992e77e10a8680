using OssecSharp.Agentlessd.Config;

namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// Runs one entry's script for one host and turns its output into logs, events and state (OSSEC's
/// <c>run_periodic_cmd</c>, spec §4–5), with these fixes: no shell, lines split at every CR/LF, integrity
/// records compared with the previous complete pass (added, removed, changed), nothing reported or stored
/// from a failed run, and remote text never allowed into a log line unescaped.
/// </summary>
internal sealed class HostRunner
{
    /// <summary>Exit code of a script that exists but may not be run by this account (as a shell reports it).</summary>
    public const int PermissionDenied = 126;

    private const int EAccess = 13;
    private readonly RunContext _context;

    public HostRunner(RunContext context) => _context = context;

    /// <summary>Runs <c>agentless/&lt;type&gt; test test</c> (OSSEC's start-up test); returns the exit code, 126 when it may not be run, 127 when it cannot start.</summary>
    public async Task<int> TestAsync(AgentlessEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var script = ScriptPath(entry);
        try
        {
            await using var process = ScriptProcess.Start(script, ["test", "test"], _context.Paths.Home, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await foreach (var _ in process.Lines.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                // Output of the test is discarded, as OSSEC sends it to /dev/null.
            }

            return await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // The shell's convention: 126 found but not executable (EACCES), 127 not found.
            return e.NativeErrorCode == EAccess ? PermissionDenied : 127;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 124;
        }
    }

    /// <summary>The script an entry runs: <c>agentless/&lt;type&gt;</c>.</summary>
    public string ScriptPath(AgentlessEntry entry) => Path.Combine(_context.Paths.AgentlessDir, entry.Type);

    public async Task<HostRunStatus> RunAsync(AgentlessEntry entry, AgentlessHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(host);
        var files = new HostStateFiles(_context.Paths, entry.Type, host.Target);
        files.EnsureDirectories();
        using var hostLock = HostLock.TryAcquire(files.Lock);
        if (hostLock is null)
        {
            _context.Log.Information("{Type}: {Host}: Already running in another process; skipped.", entry.Type, host.Target);
            return HostRunStatus.Busy;
        }

        var run = new HostRun(entry, host, files, _context);
        var started = DateTimeOffset.UtcNow;
        var status = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (status == HostRunStatus.Succeeded)
        {
            files.WriteLastRun(started);
        }

        return status;
    }
}
