using System.Net.Sockets;

namespace OssecSharp.Control;

internal sealed partial class ControlTool
{
    private async Task<int> StartAsync(bool testFirst, CancellationToken token)
    {
        if (testFirst && await TestConfigAsync(token) != 0)
        {
            return 1;
        }

        using var startLock = await StartLock.AcquireAsync(_paths.StartScriptLock, IsAnyProcessAlive, _timings.LockRetry, token);
        await _out.WriteLineAsync($"Starting {Core.ProductInfo.OssecName} {_version}...");

        var started = new List<string>();
        foreach (var daemon in _catalog.StartOrder)
        {
            if (_pids.LivePids(daemon, (path, _) => _out.WriteLine($"Deleting PID file '{path}' not used...")).Count > 0)
            {
                await _out.WriteLineAsync($"{daemon} already running...");
                continue;
            }

            var result = await _launcher.StartAsync(daemon, _catalog.DebugEnabled, _catalog.OptionsOf(daemon), token);
            if (result.ExitCode != 0)
            {
                ReportFailedStart(daemon, result.Output);
                return 1;
            }

            await _out.WriteLineAsync($"Started {daemon}...");
            started.Add(daemon);

            // OSSEC 4.x waits for the local queue before starting what feeds it.
            if (daemon is "ossec-agentd" or "ossec-analysisd" && !await WaitForQueueAsync(token))
            {
                var what = _catalog.IsAgent ? "agent" : "analysis";
                await _out.WriteLineAsync($"ERROR: {what} queue not ready at {_paths.OssecQueueSocket} after {_timings.QueueWait.TotalSeconds:0}s");
                return 1;
            }
        }

        // A daemon can pass its start-up and die a moment later (a port taken, a bad key file): look again.
        await Task.Delay(_timings.Settle, token);
        var dead = started.Where(d => _pids.LivePids(d, reportStale: null).Count == 0).ToList();
        foreach (var daemon in dead)
        {
            ReportFailedStart(daemon, output: string.Empty);
        }

        if (dead.Count > 0)
        {
            return 1;
        }

        await _out.WriteLineAsync("Completed.");
        return 0;
    }

    /// <summary>
    /// Runs <c>-t</c> on every daemon before starting any. OSSEC's own test step iterates over an empty list; ours
    /// really checks, so a typo in ossec.conf is reported before anything stops or starts.
    /// </summary>
    private async Task<int> TestConfigAsync(CancellationToken token)
    {
        foreach (var daemon in _catalog.StartOrder)
        {
            var result = await _launcher.TestConfigAsync(daemon, _catalog.OptionsOf(daemon), token);
            if (result.ExitCode != 0)
            {
                if (result.Output.Length > 0)
                {
                    await _out.WriteLineAsync(result.Output);
                }

                await _out.WriteLineAsync($"{daemon}: Configuration error. Exiting.");
                return 1;
            }
        }

        return 0;
    }

    private void ReportFailedStart(string daemon, string output)
    {
        if (output.Length > 0)
        {
            _out.WriteLine(output);
        }
        else
        {
            foreach (var line in TailOfLog(daemon, lines: 5))
            {
                _out.WriteLine(line);
            }
        }

        _out.WriteLine(_catalog.IsAgent ? $"{daemon} did not start" : $"{daemon} did not start correctly.");
    }

    /// <summary>The last lines <paramref name="daemon"/> wrote to ossec.log: usually the reason it stopped.</summary>
    private IEnumerable<string> TailOfLog(string daemon, int lines)
    {
        if (!File.Exists(_paths.OssecLog))
        {
            return [];
        }

        var mine = new Queue<string>(lines);
        foreach (var line in File.ReadLines(_paths.OssecLog))
        {
            if (line.Contains(" " + daemon, StringComparison.Ordinal))
            {
                if (mine.Count == lines)
                {
                    mine.Dequeue();
                }

                mine.Enqueue(line);
            }
        }

        return mine;
    }

    private async Task<bool> WaitForQueueAsync(CancellationToken token)
    {
        var deadline = DateTime.UtcNow + _timings.QueueWait;
        while (DateTime.UtcNow < deadline)
        {
            if (QueueAcceptsConnect(_paths.OssecQueueSocket))
            {
                return true;
            }

            await Task.Delay(100, token);
        }

        return QueueAcceptsConnect(_paths.OssecQueueSocket);
    }

    private static bool QueueAcceptsConnect(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsAnyProcessAlive(int pid) => Directory.Exists("/proc/" + pid);
}
