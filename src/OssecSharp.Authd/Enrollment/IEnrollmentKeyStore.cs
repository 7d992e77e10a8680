namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Where authd's enrollments go. <see cref="Commit"/> applies a batch in ONE transaction under the shared lock and
/// makes the added agents durable in client.keys before returning: one outcome per candidate, in order.
/// </summary>
internal interface IEnrollmentKeyStore
{
    IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch);
}
