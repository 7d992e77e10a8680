using System.Text.Json;

namespace OssecSharp.Control;

internal sealed partial class ControlTool
{
    private async Task<int> StopAsync(CancellationToken token)
    {
        using var startLock = await StartLock.AcquireAsync(_paths.StartScriptLock, IsAnyProcessAlive, _timings.LockRetry, token);
        var signalled = new List<(int Pid, string Daemon)>();
        foreach (var daemon in _catalog.StopOrder)
        {
            var live = _pids.LivePids(daemon, reportStale: null);
            if (live.Count == 0)
            {
                await _out.WriteLineAsync($"{daemon} not running .. ");
                continue;
            }

            await _out.WriteLineAsync($"Killing {daemon} .. ");
            foreach (var pid in live)
            {
                _probe.Terminate(pid);
                signalled.Add((pid, daemon));
            }
        }

        var deadline = DateTime.UtcNow + _timings.StopWait;
        while (signalled.Any(p => _probe.IsRunning(p.Pid, p.Daemon)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, token);
        }

        foreach (var (pid, daemon) in signalled.Where(p => _probe.IsRunning(p.Pid, p.Daemon)))
        {
            await _out.WriteLineAsync($"Process {pid} did not exit; sending SIGKILL .. ");
            _probe.Kill(pid);
        }

        // A daemon killed, or one that crashed earlier, leaves its PID file behind.
        foreach (var daemon in _catalog.StopOrder)
        {
            foreach (var (path, _) in _pids.Find(daemon))
            {
                PidFileTable.TryDelete(path);
            }
        }

        await _out.WriteLineAsync($"{Core.ProductInfo.OssecName} {_version} Stopped");
        return 0;
    }

    private int Status()
    {
        var allRunning = true;
        foreach (var daemon in _catalog.StopOrder)
        {
            if (_pids.LivePids(daemon, (_, pid) => _out.WriteLine($"{daemon}: Process {pid} not used by ossec, removing .."))
                .Count > 0)
            {
                _out.WriteLine($"{daemon} is running...");
            }
            else
            {
                _out.WriteLine($"{daemon} not running...");
                allRunning = false;
            }
        }

        PrintRotationOwners();
        return allRunning ? 0 : 1;
    }

    /// <summary><c>status -j</c>: the same facts for scripts, in Wazuh's <c>{"error":0,"data":[...]}</c> shape.</summary>
    private int StatusJson()
    {
        var allRunning = true;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("error", 0);
            json.WriteStartArray("data");
            foreach (var daemon in _catalog.StopOrder)
            {
                var live = _pids.LivePids(daemon, reportStale: null);
                allRunning &= live.Count > 0;
                json.WriteStartObject();
                json.WriteString("daemon", daemon);
                json.WriteString("status", live.Count > 0 ? "running" : "stopped");
                json.WriteStartArray("pids");
                foreach (var pid in live)
                {
                    json.WriteNumberValue(pid);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        _out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        return allRunning ? 0 : 1;
    }
}
