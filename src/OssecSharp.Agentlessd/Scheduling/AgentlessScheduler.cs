using System.Globalization;
using OssecSharp.Agentlessd.Running;
using OssecSharp.Agentlessd.Config;
using Serilog;

namespace OssecSharp.Agentlessd.Scheduling;

/// <summary>
/// OSSEC's main loop (spec §3) without its 60-second granularity: a start-up test per entry, then every host
/// runs when due (last run + frequency), in configuration order, one at a time; a failing host is retried
/// with backoff on its own. <see cref="RunOnceAsync"/> is the cron mode: one pass, then an exit code.
/// </summary>
internal sealed class AgentlessScheduler
{
    private readonly IReadOnlyList<AgentlessEntry> _entries;
    private readonly HostRunner _runner;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryBase;
    private readonly Func<AgentlessEntry, AgentlessHost, HostStateFiles> _files;

    public AgentlessScheduler(IReadOnlyList<AgentlessEntry> entries, HostRunner runner, ILogger log, TimeProvider time,
        TimeSpan retryBase, Func<AgentlessEntry, AgentlessHost, HostStateFiles> files)
    {
        _entries = entries;
        _runner = runner;
        _log = log;
        _time = time;
        _retryBase = retryBase;
        _files = files;
    }

    /// <summary>Runs <c>&lt;type&gt; test test</c> once per entry; returns the entries that passed.</summary>
    public async Task<List<AgentlessEntry>> TestAsync(CancellationToken cancellationToken)
    {
        var passed = new List<AgentlessEntry>();
        foreach (var entry in _entries.Where(e => e.IsPeriodic))
        {
            var code = await _runner.TestAsync(entry, cancellationToken).ConfigureAwait(false);
            if (code == 0)
            {
                _log.Information("Test passed for '{Type}'.", entry.Type);
                passed.Add(entry);
                continue;
            }

            if (code == HostRunner.PermissionDenied)
            {
                _log.Error("Permission denied running '{Script}' as {User}: the agentless scripts must be readable and executable by group ossec (0550 root:ossec).",
                    _runner.ScriptPath(entry), Environment.UserName);
            }
            else if (code == 127)
            {
                _log.Error("Expect command not found (or bad arguments) for '{Type}'.", entry.Type);
            }

            _log.Error("Test failed for '{Type}' ({Code}). Ignoring.", entry.Type, code.ToString(CultureInfo.InvariantCulture));
        }

        return passed;
    }

    /// <summary>The daemon loop; returns when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var entries = await TestAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var schedules = entries.SelectMany(e => e.Hosts.Select(h => new HostSchedule(e, h, DueFromState(e, h, now)))).ToList();
        if (schedules.Count == 0)
        {
            _log.Information("No agentless check can run (every test failed).");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var schedule in schedules)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_time.GetUtcNow() >= schedule.NextDue)
                {
                    await RunOneAsync(schedule, cancellationToken).ConfigureAwait(false);
                }
            }

            var next = schedules.Count == 0 ? _time.GetUtcNow().AddHours(1) : schedules.Min(s => s.NextDue);
            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < TimeSpan.FromHours(1) ? wait : TimeSpan.FromHours(1), _time, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Cron mode: runs every due host (or, with selectors, every host they name, due or not) once.
    /// Returns the number of hosts that failed (tests included).
    /// </summary>
    public async Task<int> RunOnceAsync(IReadOnlyList<string> selectors, CancellationToken cancellationToken)
    {
        var entries = await TestAsync(cancellationToken).ConfigureAwait(false);
        var failed = _entries.Count(e => e.IsPeriodic) - entries.Count;
        var now = _time.GetUtcNow();
        var matched = 0;
        foreach (var schedule in entries.SelectMany(e => e.Hosts.Select(h => new HostSchedule(e, h, DueFromState(e, h, now)))))
        {
            var selected = selectors.Count == 0 ? now >= schedule.NextDue : selectors.Any(schedule.Matches);
            if (!selected)
            {
                continue;
            }

            matched++;
            var status = await RunOneAsync(schedule, cancellationToken).ConfigureAwait(false);
            if (status == HostRunStatus.Failed)
            {
                failed++;
            }
        }

        if (selectors.Count > 0 && matched == 0)
        {
            _log.Error("No configured agentless check matches: {Selectors}.", string.Join(", ", selectors));
            failed++;
        }

        return failed;
    }

    private async Task<HostRunStatus> RunOneAsync(HostSchedule schedule, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var status = await _runner.RunAsync(schedule.Entry, schedule.Host, cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case HostRunStatus.Succeeded:
                schedule.Succeeded(started);
                break;
            case HostRunStatus.Failed:
                schedule.Failed(_time.GetUtcNow(), _retryBase);
                break;
            default:
                schedule.Busy(_time.GetUtcNow(), _retryBase);
                break;
        }

        return status;
    }

    /// <summary>Due at the last completed run + frequency (kept across restarts and shared with cron runs), else now.</summary>
    private DateTimeOffset DueFromState(AgentlessEntry entry, AgentlessHost host, DateTimeOffset now)
    {
        var last = _files(entry, host).ReadLastRun();
        return last is { } l ? l + TimeSpan.FromSeconds(entry.Frequency) : now;
    }
}
