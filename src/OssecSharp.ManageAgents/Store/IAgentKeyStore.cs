using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// What manage_agents needs of client.keys. Every change goes through the Core key store: one lock shared by
/// manage_agents, authd and agent-auth, a re-read under the lock, then the change written in place (removal markers, appended lines).
/// </summary>
internal interface IAgentKeyStore
{
    /// <summary>A fresh snapshot of the file.</summary>
    AgentKeysView Read();

    /// <summary>
    /// Adds an agent with a new random key. <paramref name="id"/> null takes the default id under the lock, so
    /// concurrent adders never pick the same one. The id used is returned in <paramref name="addedId"/>. Bulk
    /// loads skip the duplicate-ip check, as OSSEC does.
    /// </summary>
    AddOutcome Add(string? id, string name, string ipField, bool checkDuplicateIp, out string addedId);

    /// <summary>The bytes of client.keys (plus pending enrollments) that a listing prints, as print_agents reads them.</summary>
    ReadOnlyMemory<byte> ReadFile();

    /// <summary>The raw line of the live entry <paramref name="id"/> (extraction), or null.</summary>
    string? FindRawLine(string id);

    /// <summary>Runs several changes as one transaction of the Core store (one lock, one write).</summary>
    T Update<T>(Func<KeyTransaction, T> body);

    /// <summary>Marks the live entry <paramref name="id"/> removed; null when no live entry has that id.</summary>
    AgentLine? Remove(string id);

    /// <summary>Replaces the whole file with one line (agent import).</summary>
    void ReplaceAll(string line);
}
