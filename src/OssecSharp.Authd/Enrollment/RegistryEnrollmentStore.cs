using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;
using OssecSharp.Core.Registry;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Enrollment into the cluster's shared registry (docs/cluster.md): a batch is ONE PostgreSQL transaction (unique
/// names and ids across every authd node, no cap), committed before any key is sent. client.keys on this node is
/// then brought up to date from the registry in the background (this batch, and every other node's changes as they
/// are notified), so OSSEC's tools here see the agents a moment later. A registry that cannot be reached refuses the
/// batch with one clear line in ossec.log; agents get OSSEC's error answer and may retry, or enroll through another
/// node. With <c>-F</c>, a silent agent is replaced in the same transaction, its silence read from the registry's
/// status (when any node last saw it), so a host re-installed behind another node is replaced too.
/// </summary>
internal sealed class RegistryEnrollmentStore : IEnrollmentKeyStore, IDisposable
{
    private readonly AgentRegistry _registry;
    private readonly KeysMirror _mirror;
    private readonly ILogger _log;
    private readonly TimeSpan? _replaceSilentAfter;
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly CancellationTokenSource _stop = new();

    public RegistryEnrollmentStore(AgentRegistry registry, KeysMirror mirror, TimeSpan? replaceSilentAfter, ILogger log)
    {
        _registry = registry;
        _mirror = mirror;
        _replaceSilentAfter = replaceSilentAfter;
        _log = log;
        _ = Task.Run(CopyLoopAsync);

        // Other nodes' enrollments and removals reach this node's client.keys by notification, as on a remoted node.
        var listener = new RegistryListener(registry, mirror, fence: null, keysChanged: null, log);
        _ = Task.Run(() => listener.RunAsync(_stop.Token));
    }

    /// <summary>
    /// The store of an install with a registry file, or null. client.keys is opened for writing while authd is root;
    /// the tables are created and client.keys synchronised when the registry answers (later batches catch up).
    /// </summary>
    public static RegistryEnrollmentStore? ForInstall(OssecPaths paths, AuthdConfig options, ILogger log)
    {
        var settings = RegistrySettings.Load(paths);
        if (settings is null)
        {
            return null;
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

        return new RegistryEnrollmentStore(registry, mirror, options.ReplaceSilentAfter, log);
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch)
    {
        IReadOnlyList<RegistryEnrollment> results;
        try
        {
            results = _registry.Enroll([.. batch.Select(c => new RegistryEnrollmentRequest(c.Name, c.SourceIp, c.UseSourceIp, _replaceSilentAfter))]);
        }
        catch (RegistryException e)
        {
            _log.Error("{Reason:l}: {Count} enrollment(s) refused.", e.Message, batch.Count);
            return [.. batch.Select(_ => EnrollmentOutcome.InternalError)];
        }

        // This node's client.keys follows off the enrollment path: the keys are durable in the registry, which is what
        // every node's remoted reads, and re-reading a 100,000-line file per batch would halve the enrollment rate.
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already asked.
            }
        }

        for (var i = 0; i < results.Count; i++)
        {
            foreach (var old in results[i].Replaced ?? [])
            {
                AgentReplacement.LogReplaced(_log, old.Id, old.Name, old.Ip, batch[i], (DateTime.UtcNow - old.LastSeen)?.TotalSeconds);
            }
        }

        return [.. results.Select(Outcome)];
    }

    public void Dispose()
    {
        // The copy loop ends at its next wait; the process is exiting.
        _stop.Cancel();
        _registry.Dispose();
    }

    private async Task CopyLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _pending.WaitAsync(_stop.Token).ConfigureAwait(false);
                _mirror.CatchUp();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RegistryException or IOException or UnauthorizedAccessException or KeyStoreLockTimeoutException)
            {
                _log.Warning("Enrolled agents are in the registry but not yet in client.keys here: {Reason:l}", e.Message);
            }
        }
    }

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
