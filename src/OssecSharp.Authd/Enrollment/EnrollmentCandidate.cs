namespace OssecSharp.Authd.Enrollment;

/// <summary>A validated request waiting for the key writer.</summary>
/// <param name="Name">Requested (valid) agent name.</param>
/// <param name="SourceIp">Client address as text (IPv4-mapped reduced to IPv4).</param>
/// <param name="UseSourceIp">Whether the new entry gets the source address (<c>-i</c>) instead of <c>any</c>.</param>
internal sealed record EnrollmentCandidate(string Name, string SourceIp, bool UseSourceIp);
