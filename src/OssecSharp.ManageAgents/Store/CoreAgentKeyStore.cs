using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// manage_agents over the Core key store: every change is one <see cref="KeyStore"/> transaction (the lock
/// shared with authd and agent-auth, a re-read under the lock, an atomic rewrite). Snapshots are cached by the
/// file's stamp so a dialog does not parse an unchanged 50,000-line file again at every prompt.
/// </summary>
internal sealed class CoreAgentKeyStore : IAgentKeyStore
{
    private readonly KeyStore _store;
    private readonly object _gate;
    private KeyStoreStamp _stamp;
    private AgentKeysView? _view;

    /// <param name="store">The install's key store.</param>
    /// <param name="gate">Held while a change is written, so a signal handler never exits in the middle of one.</param>
    public CoreAgentKeyStore(KeyStore store, object gate)
    {
        _store = store;
        _gate = gate;
    }

    public AgentKeysView Read()
    {
        var stamp = _store.GetStamp();
        if (_view is null || stamp != _stamp)
        {
            _view = new AgentKeysView(_store.Load());
            _stamp = stamp;
        }

        return _view;
    }

    // The store's bytes are client.keys plus the enrollments still in its journal.
    public ReadOnlyMemory<byte> ReadFile() => _store.ReadBytes();

    public string? FindRawLine(string id) => KeyLineLocator.Find(_store.ReadBytes(), id);

    public AddOutcome Add(string? id, string name, string ipField, bool checkDuplicateIp, out string addedId)
    {
        KeyAddResult result;
        lock (_gate)
        {
            result = _store.Add(new KeyAddRequest(name, ipField, id, CheckDuplicateIp: checkDuplicateIp));
        }

        addedId = result.Entry?.Id ?? id ?? string.Empty;
        return ToOutcome(result.Error);
    }

    /// <summary>Maps the store's refusal reasons to what the dialogs report.</summary>
    public static AddOutcome ToOutcome(KeyValidationError error) =>
        error switch
        {
            KeyValidationError.None => AddOutcome.Added,
            KeyValidationError.DuplicateName => AddOutcome.NameExists,
            KeyValidationError.DuplicateIp => AddOutcome.IpExists,
            KeyValidationError.DuplicateId => AddOutcome.IdExists,
            var other => throw new IOException($"client.keys refused the entry ({other})"),
        };

    public T Update<T>(Func<KeyTransaction, T> body)
    {
        lock (_gate)
        {
            return _store.Update(body);
        }
    }

    public AgentLine? Remove(string id)
    {
        lock (_gate)
        {
            return _store.Update(tx =>
                tx.FindById(id) is { } entry && tx.Remove(id) == KeyValidationError.None ? AgentKeysView.ToLine(entry) : null);
        }
    }

    public void ReplaceAll(string line)
    {
        lock (_gate)
        {
            // The agent's file is replaced by the imported line (k_import), as agent-auth replaces it: one writer,
            // same lock, atomic rewrite.
            _store.OverwriteWithSingleEntry(line);
        }
    }
}
