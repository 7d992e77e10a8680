using System.Collections.Concurrent;
using OssecSharp.Core.Counters;
using Serilog;

namespace OssecSharp.Core.Registry;

/// <summary>
/// Replay safety across the nodes of a cluster (docs/cluster.md, "Counters"). A node accepts an agent's messages only
/// while it holds the agent. It takes the agent with the agent's start-up message (the first message an agent sends
/// to every manager it connects to, OSSEC's and ours): the claim commits that start-up counter to the registry, and
/// only if it is above the counter stored there, before the message is accepted. Every message another node accepted
/// was sent before that start-up (an agent talks to one manager at a time and its counter never goes back), so none
/// can be accepted here; and the honest agent's later messages are all above its own start-up, so it is never locked
/// out. The highest counter accepted per held agent is written back every checkpoint interval, so the next claim
/// starts from it. A node stops accepting an agent as soon as it learns another node claimed it (notification, or its
/// next checkpoint). Thread-safe; the receive path never waits on the registry except for a start-up.
/// </summary>
public sealed class CounterFence
{
    private readonly AgentRegistry _registry;
    private readonly string _node;
    private readonly ILogger _log;
    private readonly Func<string, string?> _osOf;
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private long _unavailableLoggedTicks = long.MinValue;

    /// <param name="osOf">The OS line last reported by an agent (for the status table), or null.</param>
    public CounterFence(AgentRegistry registry, Func<string, string?> osOf, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _node = registry.Settings.Node;
        _osOf = osOf;
        _log = log;
    }

    /// <summary>Number of agents this node holds.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Whether this node holds the agent (its non-start-up messages may be accepted).</summary>
    public bool Holds(string id) => _held.ContainsKey(id);

    /// <summary>
    /// An agent's start-up message passed the local counter check: claim the agent in the registry. False when the
    /// registry holds a counter at or above <paramref name="startup"/> (a replay), or when it cannot be reached and
    /// this node does not already hold the agent (a node that lost the registry keeps serving the agents it holds).
    /// </summary>
    public bool TryClaim(string id, MessageCounter startup)
    {
        bool claimed;
        try
        {
            claimed = _registry.Claim(id, _node, startup);
        }
        catch (RegistryException e)
        {
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _unavailableLoggedTicks) > 10_000)
            {
                Interlocked.Exchange(ref _unavailableLoggedTicks, now);
                _log.Error("{Reason:l}: start-up of agents this node does not hold is refused until it is back.", e.Message);
            }

            return _held.ContainsKey(id);
        }

        if (!claimed)
        {
            _held.TryRemove(id, out _);
            return false;
        }

        var held = _held.GetOrAdd(id, static _ => new Held());
        lock (held)
        {
            held.Counter = startup;
            held.Dirty = false;
        }

        return true;
    }

    /// <summary>A message of a held agent was accepted: remember its counter for the next checkpoint.</summary>
    public void Accepted(string id, MessageCounter counter)
    {
        if (_held.TryGetValue(id, out var held))
        {
            lock (held)
            {
                if (ReplayRule.Check(held.Counter, counter) == ReplayVerdict.Accept)
                {
                    held.Counter = counter;
                    held.Dirty = true;
                }
            }
        }
    }

    /// <summary>Another node claimed <paramref name="id"/> (notification): stop accepting it here.</summary>
    public void OnClaimed(string id, string node)
    {
        if (!string.Equals(node, _node, StringComparison.Ordinal) && _held.TryRemove(id, out _))
        {
            _log.Information("Agent {Id:l} is now served by node {Node:l}.", id, node);
        }
    }

    /// <summary>After a lost registry connection: drop the agents another node claimed meanwhile.</summary>
    public void Reconcile()
    {
        if (_held.IsEmpty)
        {
            return;
        }

        foreach (var id in _registry.HeldElsewhere(_node, _held.Keys.ToList()))
        {
            _held.TryRemove(id, out _);
        }
    }

    /// <summary>Writes the counters of held agents that moved; false when the registry could not be reached.</summary>
    public bool Checkpoint()
    {
        var batch = new List<CounterCheckpoint>();
        foreach (var (id, held) in _held)
        {
            lock (held)
            {
                if (held.Dirty)
                {
                    held.Dirty = false;
                    batch.Add(new CounterCheckpoint(id, held.Counter, null));
                }
            }
        }

        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            var withOs = batch.Select(c => c with { Os = _osOf(c.Id) }).ToList();
            foreach (var lost in _registry.Checkpoint(_node, withOs))
            {
                _held.TryRemove(lost, out _);
            }

            return true;
        }
        catch (RegistryException)
        {
            // Written at the next checkpoint that reaches the registry.
            foreach (var item in batch)
            {
                if (_held.TryGetValue(item.Id, out var held))
                {
                    lock (held)
                    {
                        held.Dirty = true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>Checkpoints every interval until cancelled, and once more at the end.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_registry.Settings.CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Checkpoint();
    }

    private sealed class Held
    {
        public MessageCounter Counter { get; set; }

        public bool Dirty { get; set; }
    }
}
