using OssecSharp.Core.Protocol;

namespace OssecSharp.Authd.Enrollment;

/// <summary>The key writer's answer for one candidate.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Key">The new entry when added.</param>
/// <param name="ConflictId">For a duplicate IP: the ID of the entry that holds it.</param>
/// <param name="ConflictName">For a duplicate IP: the name of the entry that holds it.</param>
internal sealed record EnrollmentOutcome(
    EnrollmentOutcomeStatus Status, EnrollmentKey? Key = null, string? ConflictId = null, string? ConflictName = null)
{
    public static EnrollmentOutcome InternalError { get; } = new(EnrollmentOutcomeStatus.InternalError);
}
