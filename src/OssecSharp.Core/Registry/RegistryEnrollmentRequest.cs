namespace OssecSharp.Core.Registry;

/// <summary>One enrollment for <see cref="AgentRegistry.Enroll"/> (authd's rules, enrollment.md §4).</summary>
/// <param name="Name">Requested (valid) name.</param>
/// <param name="SourceIp">Client address as text.</param>
/// <param name="UseSourceIp">Whether the entry gets the source address (<c>-i</c>) instead of <c>any</c>.</param>
public sealed record RegistryEnrollmentRequest(string Name, string SourceIp, bool UseSourceIp);
