using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Group commit of enrollments through the core <see cref="KeyStore"/>: one lock, one append to client.keys itself and
/// one fsync for a whole batch of pending requests, so no key is sent before it is durable in the file every OSSEC
/// tool reads. The store keeps the table between transactions and re-reads only when another writer changed the file.
/// Rules per candidate as ossec-authd (enrollment.md §4): duplicate names renamed <c>name2</c> … <c>name255</c>, a live
/// entry holding the source address refuses it, IDs smallest free from 1024; with <c>-F</c> a silent agent of the
/// same name or address is replaced instead (<see cref="AgentReplacement"/>): its line gets the removal marker in
/// place, in the same transaction.
/// </summary>
internal sealed class KeyStoreEnrollmentStore : IEnrollmentKeyStore
{
    private readonly KeyStore _store;
    private readonly AgentReplacement? _replacement;

    public KeyStoreEnrollmentStore(KeyStore store, AgentReplacement? replacement = null)
    {
        _store = store;
        _replacement = replacement;
    }

    /// <summary>
    /// The store of an install, with the <c>-F</c> replacement policy when the options ask for it. client.keys is
    /// opened for writing here, while authd is still root, and the descriptor is kept for every later append.
    /// </summary>
    public static KeyStoreEnrollmentStore ForInstall(OssecPaths paths, AuthdConfig options, TimeProvider time, ILogger log)
    {
        var store = KeyStore.ForInstall(paths);
        store.OpenForWriting();
        return new(store, options.ReplaceSilentAfter is { } silence ? new AgentReplacement(silence, paths, time, log) : null);
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch)
    {
        var replaced = new List<(KeyEntry Old, EnrollmentCandidate By)>();
        var replacement = _replacement;
        var outcomes = _store.Update(tx => batch.Select(candidate => Apply(tx, candidate, replacement, replaced)).ToList());
        foreach (var (old, by) in replaced)
        {
            replacement!.Retire(old, by);
        }

        return outcomes;
    }

    private static EnrollmentOutcome Apply(
        KeyTransaction tx, EnrollmentCandidate candidate, AgentReplacement? replacement, List<(KeyEntry, EnrollmentCandidate)> replaced)
    {
        if (replacement is not null && tx.FindByName(candidate.Name) is { } sameName && replacement.Allows(sameName)
            && tx.Remove(sameName.Id) == KeyValidationError.None)
        {
            replaced.Add((sameName, candidate));
        }

        var name = tx.FindFreeAuthdName(candidate.Name);
        if (name is null)
        {
            return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateName);
        }

        if (tx.FindByIpString(candidate.SourceIp) is { } holder)
        {
            if (replacement is null || !replacement.Allows(holder) || tx.Remove(holder.Id) != KeyValidationError.None)
            {
                return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateIp, ConflictId: holder.Id, ConflictName: holder.Name);
            }

            replaced.Add((holder, candidate));
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
