using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Group commit of enrollments through the core <see cref="KeyStore"/>: one lock and one fsync'ed append to the
/// store's journal for a whole batch of pending requests, so no key is sent before it is durable, whatever the size
/// of client.keys; <see cref="Compact"/> later folds the journal into client.keys with the store's atomic rewrite.
/// The store keeps the table between transactions and re-reads only when another writer changed the files. Rules per candidate as ossec-authd
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

    public int Backlog => _store.JournalBacklog;

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch) =>
        _store.UpdateJournaled(tx => batch.Select(candidate => Apply(tx, candidate)).ToList());

    public int Compact() => _store.CompactJournal();

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
