using System.Globalization;
using OssecSharp.Core.Agents;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Registry;

namespace OssecSharp.AgentControl;

/// <summary>
/// Reads what remoted leaves in <c>queue/agent-info/&lt;name&gt;-&lt;ip&gt;</c> (channel-control.md §8) and the
/// rootcheck database: status by mtime, OS and version from the first line, scan times. On a cluster node the
/// registry's status (docs/cluster.md) counts too: the file exists only on the node that serves the agent, so the
/// newer of the two contacts wins.
/// </summary>
internal sealed class AgentInfoReader
{
    private readonly OssecPaths _paths;
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, RegistryAgentStatus> _cluster;

    public AgentInfoReader(OssecPaths paths, TimeProvider time, IReadOnlyDictionary<string, RegistryAgentStatus>? cluster = null)
    {
        _paths = paths;
        _time = time;
        _cluster = cluster ?? new Dictionary<string, RegistryAgentStatus>();
    }

    /// <summary>The status text OSSEC prints (print_agent_status).</summary>
    public static string StatusText(AgentStatus status) => status switch
    {
        AgentStatus.Active => "Active",
        AgentStatus.Disconnected => "Disconnected",
        _ => "Never connected",
    };

    /// <summary>ctime() without its newline: <c>Sun Nov 22 00:48:12 2026</c> (day padded with a space).</summary>
    public static string CTime(DateTimeOffset localTime) =>
        localTime.ToString("ddd MMM ", CultureInfo.InvariantCulture)
        + localTime.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
        + localTime.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    public string InfoFile(KeyEntry agent) => _paths.AgentInfoFile(agent.Name, agent.IpString);

    public AgentStatus StatusOf(KeyEntry agent)
    {
        var file = InfoFile(agent);
        return AgentInfo.StatusAt(Newest(agent, File.Exists(file) ? File.GetLastWriteTimeUtc(file) : null), _time.GetUtcNow());
    }

    /// <summary>
    /// The status of many agents from ONE listing of queue/agent-info (instead of a stat per key entry, which at
    /// 50,000 agents costs more than the listing itself).
    /// </summary>
    public IEnumerable<(KeyEntry Agent, AgentStatus Status)> StatusesOf(IEnumerable<KeyEntry> agents)
    {
        var seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var dir = new DirectoryInfo(_paths.AgentInfoDir);
        if (dir.Exists)
        {
            foreach (var file in dir.EnumerateFiles())
            {
                seen[file.Name] = file.LastWriteTimeUtc;
            }
        }

        var now = _time.GetUtcNow();
        foreach (var agent in agents)
        {
            yield return (agent, AgentInfo.StatusAt(
                Newest(agent, seen.TryGetValue(AgentInfo.FileName(agent.Name, agent.IpString), out var mtime) ? mtime : null), now));
        }
    }

    /// <summary>get_agent_info() for a keyed agent.</summary>
    public AgentDetails DetailsOf(KeyEntry agent)
    {
        var file = InfoFile(agent);
        string os = "Unknown", version = "Unknown", keepAlive = "Unknown";
        string? encryption = null;
        if (File.Exists(file))
        {
            keepAlive = CTime(ToLocal(File.GetLastWriteTimeUtc(file)));
            using var reader = new StreamReader(file);
            if (AgentInfo.Read(reader) is { } info)
            {
                os = info.OperatingSystem;

                // OSSEC leaves the version unset without " - "; "Unknown" reads better than "(null)".
                version = info.Version ?? "Unknown";
                encryption = info.Encryption;
            }
        }

        // Served by another node of the cluster: its last checkpoint is newer than anything this node saw.
        if (_cluster.TryGetValue(agent.Id, out var remote) && (!File.Exists(file) || remote.LastSeen > File.GetLastWriteTimeUtc(file)))
        {
            keepAlive = CTime(ToLocal(remote.LastSeen));
            if (remote.Os is { } line && AgentInfo.Read(new StringReader(line)) is { } info)
            {
                os = info.OperatingSystem;
                version = info.Version ?? "Unknown";
                encryption = info.Encryption ?? encryption;
            }
        }

        return WithScanTimes(os, version, encryption, keepAlive, Path.Combine(_paths.Under("queue", "rootcheck"), $"({agent.Name}) {agent.IpString}->rootcheck"));
    }

    /// <summary>get_agent_info(NULL, …) for the manager itself (ID 000).</summary>
    public AgentDetails DetailsOfManager(string unameWithoutVersion, string ossecVersion) =>
        WithScanTimes(unameWithoutVersion, ossecVersion, null, "Not available", Path.Combine(_paths.Under("queue", "rootcheck"), "rootcheck"));

    private AgentDetails WithScanTimes(string os, string version, string? encryption, string keepAlive, string rootcheckDb)
    {
        string? sysStart = null, sysEnd = null, rootStart = null, rootEnd = null;
        if (File.Exists(rootcheckDb))
        {
            foreach (var line in File.ReadLines(rootcheckDb))
            {
                if (line.Contains("Starting syscheck scan", StringComparison.Ordinal))
                {
                    sysStart = ScanTime(line);
                }
                else if (line.Contains("Ending syscheck scan", StringComparison.Ordinal))
                {
                    sysEnd = ScanTime(line);
                }
                else if (line.Contains("Starting rootcheck scan", StringComparison.Ordinal))
                {
                    rootStart = ScanTime(line);
                }
                else if (line.Contains("Ending rootcheck scan", StringComparison.Ordinal))
                {
                    rootEnd = ScanTime(line);
                }
            }
        }

        return new AgentDetails(os, version, encryption ?? "unknown", keepAlive, sysStart ?? "Unknown", sysEnd ?? "Unknown", rootStart ?? "Unknown", rootEnd ?? "Unknown");
    }

    /// <summary>Lines are <c>!&lt;epoch&gt;!…</c>; OSSEC takes atoi(line + 1).</summary>
    private string ScanTime(string line)
    {
        var digits = line.AsSpan(1);
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        _ = long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds);
        return CTime(ToLocal(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime));
    }

    private DateTime? Newest(KeyEntry agent, DateTime? local) =>
        _cluster.TryGetValue(agent.Id, out var remote) && (local is null || remote.LastSeen > local) ? remote.LastSeen : local;

    private DateTimeOffset ToLocal(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), _time.LocalTimeZone);
}
