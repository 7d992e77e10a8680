using System.Globalization;
using OssecSharp.Core.Layout;

namespace OssecSharp.Control;

/// <summary>
/// The PID files daemons leave in <c>var/run/&lt;daemon&gt;-&lt;pid&gt;.pid</c>, and whether each names a live process of
/// that daemon. A file whose process is gone or belongs to something else is stale (OSSEC's checkpid / pstatus).
/// </summary>
internal sealed class PidFileTable
{
    private readonly OssecPaths _paths;
    private readonly IProcessProbe _probe;

    public PidFileTable(OssecPaths paths, IProcessProbe probe)
    {
        _paths = paths;
        _probe = probe;
    }

    /// <summary>Every PID file of <paramref name="daemon"/>, with its pid (0 when the file cannot be parsed).</summary>
    public IReadOnlyList<(string Path, int Pid)> Find(string daemon)
    {
        if (!Directory.Exists(_paths.VarRun))
        {
            return [];
        }

        var found = new List<(string, int)>();
        foreach (var file in Directory.EnumerateFiles(_paths.VarRun, daemon + "-*.pid"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var pidText = name[(daemon.Length + 1)..];
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                // ossec-remoted-x.pid is not ours (ossec-remoted-foo would be another daemon's prefix).
                continue;
            }

            found.Add((file, pid));
        }

        return found;
    }

    /// <summary>The pids of live processes of <paramref name="daemon"/>; stale PID files are reported and removed.</summary>
    public IReadOnlyList<int> LivePids(string daemon, Action<string, int>? reportStale)
    {
        var live = new List<int>();
        foreach (var (path, pid) in Find(daemon))
        {
            if (pid > 0 && _probe.IsRunning(pid, daemon))
            {
                live.Add(pid);
                continue;
            }

            reportStale?.Invoke(path, pid);
            TryDelete(path);
        }

        return live;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
