using Npgsql;
using Serilog;

namespace OssecSharp.Core.Registry;

/// <summary>
/// One connection per node that LISTENs for agent changes (<c>ossec_agents</c>) and claims (<c>ossec_claims</c>):
/// additions and removals reach client.keys within milliseconds of their commit, and a claim by another node makes
/// this one stop accepting that agent. The whole table is never polled: after a lost connection the node reads the
/// changes after the last one it applied, and asks which of its agents another node took meanwhile.
/// </summary>
public sealed class RegistryListener
{
    private readonly AgentRegistry _registry;
    private readonly KeysMirror? _mirror;
    private readonly CounterFence? _fence;
    private readonly Action? _keysChanged;
    private readonly ILogger _log;
    private volatile bool _agentsChanged;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _claims = new();

    /// <param name="keysChanged">Called after client.keys was written (remoted re-reads it at once).</param>
    public RegistryListener(AgentRegistry registry, KeysMirror? mirror, CounterFence? fence, Action? keysChanged, ILogger log)
    {
        _registry = registry;
        _mirror = mirror;
        _fence = fence;
        _keysChanged = keysChanged;
        _log = log;
    }

    /// <summary>True while the LISTEN connection is up (state reports, tests).</summary>
    public bool Connected { get; private set; }

    /// <summary>Listens until cancelled, reconnecting every second while the registry is unreachable.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = _registry.OpenListenerConnection();
                await using var connectionScope = connection.ConfigureAwait(false);
                connection.Notification += OnNotification;
                using (var listen = new NpgsqlCommand("LISTEN ossec_agents; LISTEN ossec_claims", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // Whatever happened while not listening: changes after the last applied one, claims by others.
                Connected = true;
                if (failures > 0)
                {
                    _log.Information("Agent registry reachable again: catching up.");
                }

                failures = 0;
                _agentsChanged = true;
                _fence?.Reconcile();
                Drain();
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    Drain();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (AgentRegistry.IsUnavailable(e) || e is RegistryException)
            {
                Connected = false;
                if (failures++ == 0)
                {
                    _log.Error("Agent registry unreachable ({Reason:l}): known agents are served from memory; retrying every second.",
                        e.Message.ReplaceLineEndings(" "));
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == RegistrySchema.ClaimsChannel)
        {
            _claims.Enqueue(e.Payload);
        }
        else
        {
            _agentsChanged = true;
        }
    }

    // Runs on the listener's task, between waits; a failure here surfaces as a lost connection and is retried.
    private void Drain()
    {
        while (_claims.TryDequeue(out var payload))
        {
            var space = payload.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                _fence?.OnClaimed(payload[..space], payload[(space + 1)..]);
            }
        }

        if (_agentsChanged && _mirror is not null)
        {
            _agentsChanged = false;
            if (_mirror.CatchUp() > 0)
            {
                _keysChanged?.Invoke();
            }
        }
    }
}
