using OssecSharp.Core.Hosting;

namespace OssecSharp.DaemonProbe;

/// <summary>Runs until signalled, writing <c>var/run/probe.running</c> once started (with <c>-x</c> it fails while running).</summary>
internal sealed class ProbeDaemon(DaemonContext context) : IDaemon
{
    public Task<bool> PrepareAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(context.Paths.VarRun, "probe.running"), "yes", cancellationToken);
        if (context.Parse.Has('x'))
        {
            throw new InvalidOperationException("probe failure");
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
