namespace OssecSharp.Core.Counters;

/// <summary>Outcome of the replay check (keys-and-crypto.md §8).</summary>
public enum ReplayVerdict
{
    /// <summary>Newer than the stored counters: accept and store.</summary>
    Accept,

    /// <summary>Same global, local not newer: OSSEC logs (1407) "Duplicated counter for '&lt;name&gt;'".</summary>
    Duplicate,

    /// <summary>Older global: OSSEC logs (1404) "Authentication error. Wrong key from '&lt;ip&gt;'".</summary>
    Old,
}
