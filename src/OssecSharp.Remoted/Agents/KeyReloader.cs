using System.Threading.Channels;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Remoted.Agents;

/// <summary>
/// Picks up client.keys changes (authd, manage_agents) while the receive path keeps running: a stat every second
/// (and at once when an unknown sender shows up), a re-read only when the file changed, then an atomic swap of the
/// table. OSSEC reloads only on an unknown sender and stops reading for about a second meanwhile.
/// </summary>
internal sealed class KeyReloader
{
    private readonly KeyFileWatcher _watcher;
    private readonly KeyLoadReport _report;
    private readonly AgentDirectory _agents;
    private readonly ReceiveCounterStore _counters;
    private readonly ILogger _log;
    private readonly TimeSpan _interval;
    private readonly Channel<bool> _poke = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <param name="report">Logs each bad line of client.keys once (the one of the first load included).</param>
    public KeyReloader(
        KeyFileWatcher watcher, KeyLoadReport report, AgentDirectory agents, ReceiveCounterStore counters, ILogger log, TimeSpan interval)
    {
        _watcher = watcher;
        _report = report;
        _agents = agents;
        _counters = counters;
        _log = log;
        _interval = interval;
    }

    /// <summary>Asks for a check soon (cheap, never blocks).</summary>
    public void Poke() => _poke.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(_interval);
                try
                {
                    await _poke.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            CheckNow();
        }
    }

    /// <summary>Reloads if the file changed; returns true when a new table was installed.</summary>
    public bool CheckNow()
    {
        KeyTable? table;
        try
        {
            table = _watcher.ReloadIfChanged();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to re-read the authentication keys: {Message}", e.Message);
            return false;
        }

        if (table is null)
        {
            return false;
        }

        _log.WithCode(1409).Information("Authentication file changed. Updating.");
        _report.Log(table);
        var dropped = _agents.Replace(table);
        foreach (var session in dropped)
        {
            _log.Information("Agent '{Name}' ({Id}) removed or re-keyed: its messages are no longer accepted with the old key.",
                session.Name, session.Id);
        }

        // Counters of kept agents stay in memory (nothing is lost, unlike OSSEC's re-read of the rids files).
        _counters.Flush();
        return true;
    }
}
