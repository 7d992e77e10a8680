using System.Globalization;
namespace OssecSharp.Core.Layout;

/// <summary>
/// The per-agent files a removal deletes (delete_agentinfo, delete_syscheck, delete_rootcheck, OS_RemoveCounter)
/// and the backup taken before a forced removal (OS_BackupAgentInfo), shared by manage_agents and by authd's
/// replacement of a disconnected agent. Missing files are not errors: OSSEC's "Cannot unlink" noise for them is not
/// repeated.
/// </summary>
public sealed class AgentStateFiles
{
    private readonly OssecPaths _paths;

    /// <summary>The state files of the install at <paramref name="paths"/>.</summary>
    public AgentStateFiles(OssecPaths paths)
    {
        _paths = paths;
    }

    private string SyscheckDir => _paths.Under("queue", "syscheck");

    private string RootcheckDir => _paths.Under("queue", "rootcheck");

    /// <summary>Every file that belongs to the removed agent.</summary>
    public IEnumerable<string> FilesOf(string id, string name, string ipString)
    {
        yield return _paths.AgentInfoFile(name, ipString);
        yield return Path.Combine(SyscheckDir, $"({name}) {ipString}->syscheck");
        yield return Path.Combine(SyscheckDir, $".({name}) {ipString}->syscheck.cpt");
        yield return Path.Combine(SyscheckDir, $"({name}) {ipString}->syscheck-registry");
        yield return Path.Combine(SyscheckDir, $".({name}) {ipString}->syscheck-registry.cpt");
        yield return Path.Combine(RootcheckDir, $"({name}) {ipString}->rootcheck");
        yield return _paths.RidsFile(id);
    }

    /// <summary>Deletes the agent's state files; returns the ones that existed.</summary>
    public IReadOnlyList<string> Delete(string id, string name, string ipString)
    {
        var deleted = new List<string>();
        foreach (var file in FilesOf(id, name, ipString))
        {
            if (File.Exists(file))
            {
                File.Delete(file);
                deleted.Add(file);
            }
        }

        return deleted;
    }

    /// <summary>
    /// Seconds since the agent's last keepalive (agent-info mtime), or -1 without a file (OS_AgentAntiquity).
    /// </summary>
    public double Antiquity(string name, string ipString, DateTimeOffset now)
    {
        var info = _paths.AgentInfoFile(name, ipString);
        return File.Exists(info) ? (now - File.GetLastWriteTimeUtc(info)).TotalSeconds : -1;
    }

    /// <summary>
    /// Copies the agent's state into <c>backup/agents/&lt;name&gt;-&lt;ip&gt;-&lt;YYYY-MM-DD-HHMMSS&gt;/</c>;
    /// no folder is left when there was nothing to keep.
    /// </summary>
    public string? Backup(string name, string ipString, DateTimeOffset now)
    {
        var sources = new (string Source, string Target)[]
        {
            (_paths.AgentInfoFile(name, ipString), "agent-info"),
            (Path.Combine(SyscheckDir, $"({name}) {ipString}->syscheck"), "syscheck"),
            (Path.Combine(SyscheckDir, $".({name}) {ipString}->syscheck.cpt"), "syscheck.cpt"),
            (Path.Combine(SyscheckDir, $"({name}) {ipString}->syscheck-registry"), "syscheck-registry"),
            (Path.Combine(SyscheckDir, $".({name}) {ipString}->syscheck-registry.cpt"), "syscheck-registry.cpt"),
            (Path.Combine(RootcheckDir, $"({name}) {ipString}->rootcheck"), "rootcheck"),
        };
        if (!sources.Any(s => File.Exists(s.Source)))
        {
            return null;
        }

        var stamp = now.ToLocalTime().ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(_paths.BackupAgentsDir, $"{name}-{ipString}-{stamp}");
        Directory.CreateDirectory(folder);
        foreach (var (source, target) in sources)
        {
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(folder, target), overwrite: true);
            }
        }

        return folder;
    }
}
