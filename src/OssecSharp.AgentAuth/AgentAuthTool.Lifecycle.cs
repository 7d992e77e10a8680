using OssecSharp.Core.Hosting;

namespace OssecSharp.AgentAuth;

/// <summary>
/// agent-auth under <see cref="DaemonHost{TConfig}"/>, in the foreground and without a PID file: it logs, checks as
/// root and switches group as the daemons do, then enrolls once.
/// </summary>
internal sealed partial class AgentAuthTool : IDaemon
{
    public static AgentAuthTool Create(DaemonContext context, AgentAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AgentAuthTool(options, context.Paths, context.Stdout, context.Stderr, new KeyStoreAgentKeyWriter());
    }

    /// <summary>Checked before enrolling: a key the manager created but this agent cannot store would be lost.</summary>
    public Task<bool> PrepareAsync(CancellationToken cancellationToken)
    {
        FileAccessError.ThrowIfUnreadable(_paths.ClientKeys);
        return Task.FromResult(true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
