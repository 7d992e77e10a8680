namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Where authd's enrollments go. <see cref="Commit"/> applies a batch in ONE transaction under the shared lock and
/// makes the added agents durable (journaled) before returning: one outcome per candidate, in order.
/// <see cref="Compact"/> folds what was journaled into client.keys with an atomic rewrite.
/// </summary>
internal interface IEnrollmentKeyStore
{
    IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch);

    /// <summary>Folds the journal into client.keys; returns the number of agents folded.</summary>
    int Compact();

    /// <summary>Agents journaled but not in client.keys yet.</summary>
    int Backlog { get; }

    /// <summary>Size of client.keys as last read or written (what a fold rewrites).</summary>
    long FileBytes { get; }
}
