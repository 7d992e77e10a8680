using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;
using OssecSharp.Core.Registry;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Enrollment into the cluster's shared registry (docs/cluster.md): a batch is ONE PostgreSQL transaction (unique
/// names and ids across every authd node, no cap), committed before any key is sent. client.keys on this node is
/// then brought up to date from the registry (this batch and every other node's changes), so OSSEC's tools here see
/// the agents at once. A registry that cannot be reached refuses the batch with one clear line in ossec.log; agents
/// get OSSEC's error answer and may retry, or enroll through another node. <c>-F</c> is not applied in a cluster.
/// </summary>
internal sealed class RegistryEnrollmentStore : IEnrollmentKeyStore, IDisposable
{
    private readonly AgentRegistry _registry;
    private readonly KeysMirror _mirror;
    private readonly ILogger _log;

    public RegistryEnrollmentStore(AgentRegistry registry, KeysMirror mirror, ILogger log)
    {
        _registry = registry;
        _mirror = mirror;
        _log = log;
    }

    /// <summary>
    /// The store of an install with a registry file, or null. client.keys is opened for writing while authd is root;
    /// the tables are created and client.keys synchronised when the registry answers (later batches catch up).
    /// </summary>
    public static RegistryEnrollmentStore? ForInstall(OssecPaths paths, AuthdOptions options, ILogger log)
    {
        var settings = RegistrySettings.Load(paths);
        if (settings is null)
        {
            return null;
        }

        if (options.ReplaceSilentAfter is not null)
        {
            log.Warning("-F is not applied with the agent registry: a name in use gets name2 ... name255 as without it.");
        }

        var store = KeyStore.ForInstall(paths);
        store.OpenForWriting();
        var registry = new AgentRegistry(settings);
        var mirror = new KeysMirror(registry, store, log);
        try
        {
            registry.EnsureSchema();
            mirror.Synchronise();
            log.Information("Agent registry: enrollments go to the registry as node {Node:l}.", settings.Node);
        }
        catch (RegistryException e)
        {
            log.Error("{Reason:l}: enrollments are refused until it answers.", e.Message);
        }

        return new RegistryEnrollmentStore(registry, mirror, log);
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch)
    {
        IReadOnlyList<RegistryEnrollment> results;
        try
        {
            results = _registry.Enroll([.. batch.Select(c => new RegistryEnrollmentRequest(c.Name, c.SourceIp, c.UseSourceIp))]);
        }
        catch (RegistryException e)
        {
            _log.Error("{Reason:l}: {Count} enrollment(s) refused.", e.Message, batch.Count);
            return [.. batch.Select(_ => EnrollmentOutcome.InternalError)];
        }

        try
        {
            _mirror.CatchUp();
        }
        catch (Exception e) when (e is RegistryException or IOException or UnauthorizedAccessException or KeyStoreLockTimeoutException)
        {
            // The keys are durable in the registry, which is what the agents' managers read; this copy catches up later.
            _log.Warning("Enrolled agents are in the registry but not yet in client.keys here: {Reason:l}", e.Message);
        }

        return [.. results.Select(Outcome)];
    }

    public void Dispose() => _registry.Dispose();

    private static EnrollmentOutcome Outcome(RegistryEnrollment result) => result.Status switch
    {
        RegistryEnrollmentStatus.Added when result.Agent is { } a =>
            new EnrollmentOutcome(EnrollmentOutcomeStatus.Added, new EnrollmentKey(a.Id, a.Name, a.IpField, a.Key)),
        RegistryEnrollmentStatus.DuplicateName => new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateName),
        RegistryEnrollmentStatus.DuplicateIp =>
            new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateIp, ConflictId: result.ConflictId, ConflictName: result.ConflictName),
        _ => EnrollmentOutcome.InternalError,
    };
}
