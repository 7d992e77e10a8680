using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// manage_agents over the Core key store: every change is one <see cref="KeyStore"/> transaction (the lock
/// shared with authd and agent-auth, a re-read under the lock, the change written in place: a removal marker over the
/// line, new lines appended), so client.keys keeps its inode, owner, group and mode. Snapshots are cached by the
/// file's stamp so a dialog does not parse an unchanged 50,000-line file again at every prompt. A journal left by an
/// older OssecSharp's authd is folded in before the file is first read.
/// </summary>
internal sealed class CoreAgentKeyStore : IAgentKeyStore
{
    private readonly KeyStore _store;
    private readonly object _gate;
    private KeyFileStamp _stamp;
    private bool _journalChecked;
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
        FoldLegacyJournal();
        var stamp = _store.GetStamp();
        if (_view is null || stamp != _stamp)
        {
            _view = new AgentKeysView(_store.Load());
            _stamp = stamp;
        }

        return _view;
    }

    public ReadOnlyMemory<byte> ReadFile()
    {
        FoldLegacyJournal();
        return _store.ReadBytes();
    }

    public string? FindRawLine(string id) => KeyFileLines.FindLiveLine(ReadFile().Span, id);

    public AddOutcome Add(string? id, string name, string ipField, bool checkDuplicateIp, out string addedId)
    {
        KeyAddResult result;
        lock (_gate)
        {
            FoldLegacyJournal();
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
            FoldLegacyJournal();
            return _store.Update(body);
        }
    }

    public AgentLine? Remove(string id)
    {
        lock (_gate)
        {
            FoldLegacyJournal();
            return _store.Update(tx =>
                tx.FindById(id) is { } entry && tx.Remove(id) == KeyValidationError.None ? AgentKeysView.ToLine(entry) : null);
        }
    }

    public void ReplaceAll(string line)
    {
        lock (_gate)
        {
            // The agent's file is replaced by the imported line (k_import), as agent-auth replaces it: one writer,
            // same lock, a new file with the old one's owner, group and mode renamed over it.
            _store.OverwriteWithSingleEntry(line);
        }
    }

    // Once per run: the agents an older authd left in client.keys.journal become lines of client.keys.
    private void FoldLegacyJournal()
    {
        if (!_journalChecked)
        {
            _journalChecked = true;
            _store.FoldLegacyJournal();
        }
    }
}
