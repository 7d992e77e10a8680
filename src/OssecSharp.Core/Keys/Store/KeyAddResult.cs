namespace OssecSharp.Core.Keys;

/// <summary>The outcome of one add: the written entry, or why it was refused.</summary>
/// <param name="Error"><see cref="KeyValidationError.None"/> on success.</param>
/// <param name="Entry">The entry added (null on refusal).</param>
/// <param name="Conflict">On a duplicate: the live entry that holds the name, ip or id, if it is live.</param>
public sealed record KeyAddResult(KeyValidationError Error, KeyEntry? Entry, KeyEntry? Conflict = null)
{
    /// <summary>True when the entry was added.</summary>
    public bool Succeeded => Error == KeyValidationError.None;
}
