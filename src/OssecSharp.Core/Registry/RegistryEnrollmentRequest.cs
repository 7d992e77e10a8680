namespace OssecSharp.Core.Registry;

/// <summary>One enrollment for <see cref="AgentRegistry.Enroll"/> (authd's rules, enrollment.md §4).</summary>
/// <param name="Name">Requested (valid) name.</param>
/// <param name="SourceIp">Client address as text.</param>
/// <param name="UseSourceIp">Whether the entry gets the source address (<c>-i</c>) instead of <c>any</c>.</param>
/// <param name="ReplaceSilentAfter">
/// authd's <c>-F</c>: a live agent with the same name or address is removed and replaced when no node has seen it for
/// this long (the registry's status, so the whole cluster's view), or it never connected. Null: OSSEC's rules.
/// </param>
public sealed record RegistryEnrollmentRequest(string Name, string SourceIp, bool UseSourceIp, TimeSpan? ReplaceSilentAfter = null);
