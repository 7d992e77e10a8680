using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Group commit of enrollments into client.keys through the core <see cref="KeyStore"/>: one lock, one atomic
/// rewrite (temp file, fsync, rename) for a whole batch of pending requests, so no key is sent before it is durable
/// and a crash leaves the old or the new file. The store keeps the file's bytes and table between transactions and
/// re-reads only when another writer (manage_agents) changed the file. Rules per candidate as ossec-authd
/// (enrollment.md §4): duplicate names renamed <c>name2</c> … <c>name255</c>, a live entry holding the source
/// address refuses it, IDs smallest free from 1024.
/// </summary>
internal sealed class KeyStoreEnrollmentStore : IEnrollmentKeyStore
{
    private readonly KeyStore _store;

    public KeyStoreEnrollmentStore(KeyStore store)
    {
        _store = store;
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch) =>
        _store.Update(tx => batch.Select(candidate => Apply(tx, candidate)).ToList());

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
