using OssecSharp.Agentd.Session;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Agentd;

/// <summary>agentd under <see cref="DaemonHost{TConfig}"/>: created from the context, prepared as root, run, disposed.</summary>
internal sealed partial class AgentdDaemon : IDaemon
{
    // Read while preparing, as root: client.keys is not readable by the daemon's account.
    private AgentIdentity? _identity;

    public static AgentdDaemon Create(DaemonContext context, AgentdConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AgentdDaemon(context.Paths, config, context.Logger, context.Clock);
    }

    /// <summary>Reads the agent's key before the privilege drop; refuses to start without one.</summary>
    public Task<bool> PrepareAsync(CancellationToken cancellationToken)
    {
        var session = _config.Session;
        _log.Information("Using notify time: {Notify} and max time to reconnect: {Reconnect}",
            (int)session.NotifyTime.TotalSeconds, (int)session.ReconnectTime.TotalSeconds);

        // A client.keys that is a directory or unreadable is named as such, not reported as "no key".
        FileAccessError.ThrowIfUnreadable(_paths.ClientKeys);
        _identity = LoadIdentity() ?? throw new InvalidOperationException("No authentication key: add one with manage_agents or agent-auth.");
        return Task.FromResult(true);
    }

    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        RunAsync(_identity ?? throw new InvalidOperationException("RunAsync before PrepareAsync."), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
