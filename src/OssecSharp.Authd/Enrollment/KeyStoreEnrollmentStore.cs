using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Group commit on the Core <see cref="KeyStore"/>: one lock, one re-read, one atomic rewrite with fsync for a whole
/// batch, applying ossec-authd's rules to each candidate in order (enrollment.md §4): duplicate names renamed
/// <c>name2</c> … <c>name255</c>, a live entry holding the source address refuses it, IDs the smallest free from 1024.
/// </summary>
internal sealed class KeyStoreEnrollmentStore : IEnrollmentKeyStore
{
    private readonly KeyStore _store;

    public KeyStoreEnrollmentStore(KeyStore store)
    {
        _store = store;
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch) =>
        _store.Update(tx => (IReadOnlyList<EnrollmentOutcome>)[.. batch.Select(candidate => Apply(tx, candidate))]);

    private static EnrollmentOutcome Apply(KeyTransaction tx, EnrollmentCandidate candidate)
    {
        var name = tx.FindFreeAuthdName(candidate.Name);
        if (name is null)
        {
            return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateName);
        }

        if (tx.FindByIpString(candidate.SourceIp) is { } holder)
        {
            return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateIp, ConflictId: holder.Id, ConflictName: holder.Name);
        }

        var ip = candidate.UseSourceIp ? candidate.SourceIp : "any";
        var result = tx.Add(new KeyAddRequest(name, ip, Policy: KeyIdPolicy.Authd, CheckDuplicateIp: false));
        if (!result.Succeeded || result.Entry is not { } entry)
        {
            return EnrollmentOutcome.InternalError;
        }

        return new EnrollmentOutcome(EnrollmentOutcomeStatus.Added, new EnrollmentKey(entry.Id, entry.Name, entry.IpField, entry.Key));
    }
}
