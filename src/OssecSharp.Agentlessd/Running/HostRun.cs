using System.Globalization;
using System.Text;
using OssecSharp.Agentlessd.Diff;
using OssecSharp.Agentlessd.Integrity;
using OssecSharp.Agentlessd.Protocol;
using OssecSharp.Agentlessd.Config;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Agentlessd.Running;

/// <summary>The state of one script run for one host, from start to the reports.</summary>
internal sealed class HostRun
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly AgentlessEntry _entry;
    private readonly AgentlessHost _host;
    private readonly HostStateFiles _files;
    private readonly RunContext _context;
    private readonly ILogger _log;
    private readonly IntegritySnapshot _snapshot = new();
    private readonly string _syscheckLocation;
    private DiffStore? _diff;
    private FileStream? _store;
    private long _storeBytes;
    private bool _failed;
    private int _records;
    private int _rejected;

    public HostRun(AgentlessEntry entry, AgentlessHost host, HostStateFiles files, RunContext context)
    {
        _entry = entry;
        _host = host;
        _files = files;
        _context = context;
        _log = context.Log;
        _syscheckLocation = $"({entry.Type}) {host.Target}->syscheck";
    }

    public async Task<HostRunStatus> ExecuteAsync(CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await RunScriptAsync(cancellationToken).ConfigureAwait(false);
            if (!_failed && exitCode != 0)
            {
                Error($"Script exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (_rejected > 0)
            {
                _log.Warning("{Type}: {Host}: {Count} integrity record(s) rejected.", _entry.Type, _host.Target, _rejected);
            }

            if (_failed)
            {
                CloseStore(discard: true);
                return HostRunStatus.Failed;
            }

            return await FinishAsync(cancellationToken).ConfigureAwait(false) ? HostRunStatus.Succeeded : HostRunStatus.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            CloseStore(discard: true);
            _log.Error("{Type}: {Host}: {Reason}", _entry.Type, _host.Target, LogText.Sanitize(e.Message));
            return HostRunStatus.Failed;
        }
        finally
        {
            CloseStore(discard: false);
        }
    }

    private async Task<int> RunScriptAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(_context.Paths.AgentlessDir, _entry.Type);
        var arguments = new List<string>();
        if (_host.Privilege.Length > 0)
        {
            arguments.Add(_host.Privilege);
        }

        arguments.Add(_host.ScriptTarget);
        arguments.AddRange(AgentlessArguments.Split(_entry.Arguments));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_context.ScriptTimeout);
        await using var process = ScriptProcess.Start(script, arguments, _context.Paths.Home, timeout.Token);
        try
        {
            await foreach (var line in process.Lines.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                if (!Handle(ScriptLine.Parse(line)))
                {
                    process.Abandon();
                    break;
                }
            }

            return await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Error($"Timeout while running on host: {_host.Target} (no result after {_context.ScriptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s).");
            return -1;
        }
    }

    /// <summary>Acts on one line; false stops reading (ERROR).</summary>
    private bool Handle(ScriptLine line)
    {
        switch (line.Kind)
        {
            case ScriptLineKind.Error:
                Error(line.Text);
                return false;
            case ScriptLineKind.Info:
                _log.Information("{Type}: {Host}: {Text}", _entry.Type, _host.Target, LogText.Sanitize(line.Text));
                break;
            case ScriptLineKind.Forward:
                Forward(line.Text);
                break;
            case ScriptLineKind.Log:
                _context.Events.Send(QueueMessage.LocalFile, _syscheckLocation, LogText.Sanitize(line.Text));
                break;
            case ScriptLineKind.Store when _entry.IsDiff:
                OpenStore();
                break;
            case ScriptLineKind.Data when _store is not null:
                Store(line.Text);
                break;
            case ScriptLineKind.Reject:
                _rejected++;
                _log.Warning("{Type}: {Host}: File name rejected (control characters or '..'): '{Name}'.",
                    _entry.Type, _host.Target, LogText.Sanitize(line.Text));
                break;
            case ScriptLineKind.Other when _store is not null:
                Store(line.Text);
                break;
            default:
                _log.Debug("buffer: {Line}", LogText.Sanitize(line.Text));
                break;
        }

        return true;
    }

    private void Error(string text)
    {
        _failed = true;
        _log.Error("{Type}: {Host}: {Text}", _entry.Type, _host.Target, LogText.Sanitize(text));
    }

    private void Forward(string text)
    {
        var result = IntegrityRecord.TryParse(text, out var record);
        if (result != IntegrityRecord.Rejection.None)
        {
            _rejected++;
            _log.Warning("{Type}: {Host}: Integrity record rejected ({Reason}): '{Record}'.", _entry.Type, _host.Target,
                result == IntegrityRecord.Rejection.BadPath ? "path with '..' or control characters" : "malformed",
                LogText.Sanitize(text));
            return;
        }

        _records++;
        _snapshot.Add(record);
    }

    private void OpenStore()
    {
        CloseStore(discard: false);
        _diff ??= new DiffStore(_context.Paths.DiffDir, _host.Target, _entry.Type);
        _store = _diff.OpenNewEntry();
        _storeBytes = 0;
    }

    private void Store(string text)
    {
        var bytes = Utf8.GetByteCount(text) + 1;
        if (_storeBytes + bytes > DiffStore.MaxStoreBytes)
        {
            return;
        }

        _storeBytes += bytes;
        _store!.Write(Utf8.GetBytes(text + "\n"));
    }

    private void CloseStore(bool discard)
    {
        if (_store is not null)
        {
            _store.Flush(flushToDisk: true);
            _store.Dispose();
            _store = null;
        }

        if (discard)
        {
            _diff?.DiscardNewEntry();
        }
    }

    /// <summary>Reports and stores the run's results; false when its events could not be written.</summary>
    private async Task<bool> FinishAsync(CancellationToken cancellationToken)
    {
        var hadStore = _diff is not null;
        CloseStore(discard: false);
        if ((_records > 0 || !_entry.IsDiff) && !await ReportIntegrityAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (hadStore)
        {
            var alert = await _diff!.CompleteAsync(cancellationToken).ConfigureAwait(false);
            if (alert is not null)
            {
                _context.Events.Send(QueueMessage.LocalFile, $"({_entry.Type}) {_host.Target}->agentless", alert);
                if (!await _context.Events.FlushAsync(cancellationToken).ConfigureAwait(false))
                {
                    _log.Error("{Type}: {Host}: Unable to write the change report of this run (see the errors above).",
                        _entry.Type, _host.Target);
                    return false;
                }
            }

            _files.WriteMarker("diff");
        }
        else
        {
            _files.WriteMarker("syscheck");
        }

        return true;
    }

    /// <summary>
    /// First pass: every record goes to analysisd (its baseline, as OSSEC sends them). Later passes: only what
    /// changed, as the syscheck record analysisd expects (<c>-1</c> for a deleted file) plus the readable report.
    /// The new baseline is stored only once those events are written; false when they were not.
    /// </summary>
    private async Task<bool> ReportIntegrityAsync(CancellationToken cancellationToken)
    {
        var previous = IntegritySnapshot.Load(_files.Snapshot);
        if (previous is null)
        {
            foreach (var (path, checksum) in _snapshot.Records.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                _context.Events.Send(QueueMessage.Syscheck, _syscheckLocation, $"{checksum} {path}");
            }

            _log.Information("{Type}: {Host}: Integrity baseline of {Count} file(s) stored.", _entry.Type, _host.Target, _snapshot.Count);
        }
        else
        {
            var changes = _snapshot.CompareTo(previous);
            foreach (var change in changes)
            {
                var record = change.Kind == IntegrityChangeKind.Removed ? "-1" : change.NewChecksum;
                _context.Events.Send(QueueMessage.Syscheck, _syscheckLocation, $"{record} {change.Path}");
                _context.Events.Send(QueueMessage.LocalFile, _syscheckLocation, ChangeReport.Format(change));
            }

            if (changes.Count > 0)
            {
                _log.Information("{Type}: {Host}: {Count} change(s) reported.", _entry.Type, _host.Target, changes.Count);
            }
        }

        // The snapshot is the baseline of the next pass: storing it after a lost event would hide that change for good.
        if (!await _context.Events.FlushAsync(cancellationToken).ConfigureAwait(false))
        {
            _log.Error("{Type}: {Host}: Unable to write the events of this run (see the errors above); the integrity baseline is not updated.",
                _entry.Type, _host.Target);
            return false;
        }

        _snapshot.Save(_files.Snapshot);
        return true;
    }
}
