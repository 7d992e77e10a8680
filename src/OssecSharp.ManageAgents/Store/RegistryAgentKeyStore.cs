using OssecSharp.Core.Keys;
using OssecSharp.Core.Registry;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// manage_agents on a cluster node (docs/cluster.md): additions and removals go to the shared registry as well as
/// to this node's client.keys, the registry first where it can refuse (a name or id taken on another node). Reads
/// stay on client.keys, which the node's remoted keeps materialised from the registry. A registry that cannot be
/// reached stops the change before client.keys is touched, with one clear line and exit 1.
/// </summary>
internal sealed class RegistryAgentKeyStore : IAgentKeyStore
{
    private readonly IAgentKeyStore _inner;
    private readonly AgentRegistry _registry;

    public RegistryAgentKeyStore(IAgentKeyStore inner, AgentRegistry registry)
    {
        _inner = inner;
        _registry = registry;
    }

    public AgentKeysView Read() => _inner.Read();

    public ReadOnlyMemory<byte> ReadFile() => _inner.ReadFile();

    public string? FindRawLine(string id) => _inner.FindRawLine(id);

    public AddOutcome Add(string? id, string name, string ipField, bool checkDuplicateIp, out string addedId)
    {
        addedId = id ?? string.Empty;
        if (Guard(() => _registry.IsNameLive(name)))
        {
            return AddOutcome.NameExists;
        }

        if (id is not null && Guard(() => _registry.IsIdUsed(id)))
        {
            return AddOutcome.IdExists;
        }

        var outcome = _inner.Add(id, name, ipField, checkDuplicateIp, out addedId);
        if (outcome == AddOutcome.Added)
        {
            var added = addedId;
            var entry = _inner.Update(tx => tx.FindById(added))!;
            Publish(entry, () => _inner.Remove(added));
        }

        return outcome;
    }

    public T Update<T>(Func<KeyTransaction, T> body) =>
        _inner.Update(tx =>
        {
            var result = body(tx);

            // Inside the transaction: a refusal throws and nothing is written to client.keys.
            foreach (var entry in tx.Added)
            {
                Publish(entry, undo: null);
            }

            return result;
        });

    public AgentLine? Remove(string id)
    {
        Guard(() => _registry.Remove(id));
        return _inner.Remove(id);
    }

    public void ReplaceAll(string line) => _inner.ReplaceAll(line);

    private void Publish(KeyEntry entry, Action? undo)
    {
        if (!Guard(() => _registry.TryAdd(entry)))
        {
            undo?.Invoke();
            throw new IOException($"the agent registry already has agent id {entry.Id} or a live agent named {entry.Name}");
        }
    }

    // The tool reports an IOException as one line and exits 1.
    private static T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RegistryException e)
        {
            throw new IOException(e.Message, e);
        }
    }
}
