using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// The store seen from inside one key-store transaction: a fully scripted <c>-a</c> or <c>-r</c> runs its whole
/// dialog on the file as read under the lock. Its questions are answered by scans of the file's bytes (the store is
/// one-shot), and the <c>-r</c> listing is rendered from those bytes: no 50,000-entry table is ever built.
/// </summary>
internal sealed class TransactionKeyStore : IAgentKeyStore
{
    private readonly KeyTransaction _tx;
    private readonly AgentKeysView _view;

    public TransactionKeyStore(KeyTransaction tx)
    {
        _tx = tx;
        _view = new AgentKeysView(tx);
    }

    public AgentKeysView Read() => _view;

    public ReadOnlyMemory<byte> ReadFile() => _tx.FileBytes;

    public string? FindRawLine(string id) => KeyFileLines.FindLiveLine(_tx.FileBytes, id);

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
