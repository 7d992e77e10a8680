using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// The store seen from inside one key-store transaction: a fully scripted <c>-a</c> or <c>-r</c> runs its whole
/// dialog on the file as read under the lock, so the 50,000-line file is parsed once instead of twice.
/// </summary>
internal sealed class TransactionKeyStore : IAgentKeyStore
{
    private readonly KeyTransaction _tx;
    private readonly AgentKeysView _view;

    public TransactionKeyStore(KeyTransaction tx)
    {
        _tx = tx;
        _view = new AgentKeysView(tx.Table);
    }

    public AgentKeysView Read() => _view;

    public IReadOnlyList<AgentLine> ListLive() => _view.Live;

    public string? FindRawLine(string id) => _view.RawLine(id);

    public AddOutcome Add(string? id, string name, string ipField, bool checkDuplicateIp, out string addedId)
    {
        var result = _tx.Add(new KeyAddRequest(name, ipField, id, CheckDuplicateIp: checkDuplicateIp));
        addedId = result.Entry?.Id ?? id ?? string.Empty;
        return CoreAgentKeyStore.ToOutcome(result.Error);
    }

    public T Update<T>(Func<KeyTransaction, T> body) => body(_tx);

    public AgentLine? Remove(string id) =>
        _tx.FindById(id) is { } entry && _tx.Remove(id) == KeyValidationError.None ? AgentKeysView.ToLine(entry) : null;

    public void ReplaceAll(string line) => throw new NotSupportedException("import never runs in a scripted transaction");
}
