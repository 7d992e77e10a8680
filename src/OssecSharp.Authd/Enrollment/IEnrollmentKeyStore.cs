namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Applies a batch of enrollments in ONE client.keys transaction: take the shared lock, re-read, plan, rewrite
/// atomically with fsync. Returns one outcome per candidate, in order; Added outcomes are durable on return.
/// </summary>
internal interface IEnrollmentKeyStore
{
    IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch);
}
