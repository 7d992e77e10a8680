using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Registry;
using OssecSharp.Remoted.Agents;
using Serilog;

namespace OssecSharp.Remoted.Cluster;

/// <summary>
/// remoted's part in a cluster (docs/cluster.md), present only when <c>etc/ossecsharp-registry.conf</c> exists:
/// client.keys materialised from the shared registry before the keys are loaded, additions and removals applied as
/// they are notified, and the counter fence that keeps replays out when agents move between nodes.
/// </summary>
internal sealed class ClusterNode : IDisposable
{
    private readonly AgentRegistry _registry;
    private readonly KeysMirror _mirror;
    private readonly ILogger _log;
    private RegistryListener? _listener;

    private ClusterNode(AgentRegistry registry, KeysMirror mirror, ILogger log)
    {
        _registry = registry;
        _mirror = mirror;
        _log = log;
    }

    /// <summary>The fence (set by <see cref="Attach"/>).</summary>
    public CounterFence? Fence { get; private set; }

    /// <summary>
    /// Null without a registry file. Otherwise opens client.keys for writing (still root), creates the registry's
    /// tables if needed and brings client.keys up to date. A registry that cannot be reached at start is not fatal:
    /// the node starts from client.keys as it is and catches up when the registry answers.
    /// </summary>
    public static ClusterNode? TryStart(OssecPaths paths, KeyStore store, ILogger log)
    {
        var settings = RegistrySettings.Load(paths);
        if (settings is null)
        {
            return null;
        }

        store.OpenForWriting();
        var registry = new AgentRegistry(settings);
        var node = new ClusterNode(registry, new KeysMirror(registry, store, log), log);
        try
        {
            registry.EnsureSchema();
            var written = node._mirror.Synchronise();
            log.Information("Agent registry: node {Node:l}, client.keys up to date ({Written} lines written).", settings.Node, written);
        }
        catch (RegistryException e)
        {
            log.Error("{Reason:l}: starting from client.keys as it is.", e.Message);
        }

        return node;
    }

    /// <summary>Builds the fence and the listener once remoted's agent directory and key reloader exist.</summary>
    public void Attach(AgentDirectory agents, KeyReloader reloader)
    {
        Fence = new CounterFence(_registry, id => FirstLine(agents.FindById(id)?.LastKeepalive), _log);
        _listener = new RegistryListener(_registry, _mirror, Fence, () =>
        {
            // The file was just written: re-read it now rather than at the next one-second check.
            reloader.Poke();
        }, _log);
    }

    /// <summary>Starts listening and checkpointing.</summary>
    public void Start(List<Task> tasks, CancellationToken token)
    {
        tasks.Add(Task.Run(() => _listener!.RunAsync(token), CancellationToken.None));
        tasks.Add(Task.Run(() => Fence!.RunAsync(token), CancellationToken.None));
    }

    public void Dispose() => _registry.Dispose();

    /// <summary>
    /// The floor of a cluster node's sender counter: the clock's seconds. An agent keeps one receive counter for "its
    /// manager"; with every node's global counter at or above the time it sends, an agent that moves to another node
    /// accepts that node's messages (node clocks in step within the failover time, as NTP keeps them).
    /// </summary>
    public static uint ClockGlobal() => (uint)Math.Clamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, uint.MaxValue);

    private static string? FirstLine(string? keepalive)
    {
        if (keepalive is null)
        {
            return null;
        }

        var end = keepalive.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? keepalive : keepalive[..end];
    }
}
