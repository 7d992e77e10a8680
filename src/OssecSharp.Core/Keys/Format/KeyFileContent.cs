namespace OssecSharp.Core.Keys;

/// <summary>The result of parsing client.keys: valid entries in file order, removed ids and problems.</summary>
public sealed class KeyFileContent
{
    internal KeyFileContent(
        IReadOnlyList<KeyEntry> entries, IReadOnlyList<RemovedKeyId> removed, IReadOnlyList<KeyLoadProblem> problems,
        IReadOnlyList<string> invalidIpIds)
    {
        Entries = entries;
        Removed = removed;
        Problems = problems;
        InvalidIpIds = invalidIpIds;
    }

    /// <summary>Valid live entries in file order (later duplicates included; lookups take the first).</summary>
    public IReadOnlyList<KeyEntry> Entries { get; }

    /// <summary>Removed-entry markers; their ids stay used for allocation.</summary>
    public IReadOnlyList<RemovedKeyId> Removed { get; }

    /// <summary>Every skipped or suspicious line, with its line number.</summary>
    public IReadOnlyList<KeyLoadProblem> Problems { get; }

    /// <summary>Ids of lines skipped for an invalid ip (still counted as used for allocation).</summary>
    public IReadOnlyList<string> InvalidIpIds { get; }

    /// <summary>The first invalid-ip problem, if any: OSSEC's daemons exit with 1237 on it.</summary>
    public KeyLoadProblem? FirstInvalidIp => Problems.FirstOrDefault(p => p.Kind == KeyLoadProblemKind.InvalidIp);
}
