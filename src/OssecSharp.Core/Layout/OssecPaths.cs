using OssecSharp.Core.Agents;

namespace OssecSharp.Core.Layout;

/// <summary>
/// Every path under one install directory (OSSEC's <c>DIR</c>, default <c>/var/ossec</c>).
/// OSSEC's daemons chroot into the install and use <c>/etc/client.keys</c>; we keep the same relative layout.
/// </summary>
public sealed class OssecPaths
{
    /// <summary>OSSEC's default install directory.</summary>
    public const string DefaultHome = "/var/ossec";

    /// <summary>Creates the layout rooted at <paramref name="home"/> (made absolute).</summary>
    public OssecPaths(string home)
    {
        ArgumentException.ThrowIfNullOrEmpty(home);
        Home = Path.GetFullPath(home);
    }

    /// <summary>The install directory.</summary>
    public string Home { get; }

    public string Bin => Under("bin");
    public string Etc => Under("etc");
    public string OssecConf => Under("etc", "ossec.conf");
    public string InternalOptions => Under("etc", "internal_options.conf");
    public string LocalInternalOptions => Under("etc", "local_internal_options.conf");
    public string ClientKeys => Under("etc", "client.keys");
    public string OssecInitConf => Under("etc", "ossec-init.conf");
    public string AuthdPass => Under("etc", "authd.pass");
    public string ManagerCertificate => Under("etc", "sslmanager.cert");
    public string ManagerKey => Under("etc", "sslmanager.key");
    public string SharedDir => Under("etc", "shared");
    public string MergedMg => Under("etc", "shared", "merged.mg");

    public string Logs => Under("logs");
    public string OssecLog => Under("logs", "ossec.log");
    public string ArchivesDir => Under("logs", "archives");
    public string ArchivesLog => Under("logs", "archives", "archives.log");
    public string ArchivesJson => Under("logs", "archives", "archives.json");
    public string ActiveResponsesLog => Under("logs", "active-responses.log");

    public string Queue => Under("queue");
    public string RidsDir => Under("queue", "rids");
    public string SenderCounter => Under("queue", "rids", "sender_counter");
    public string AgentInfoDir => Under("queue", "agent-info");
    public string AgentlessQueueDir => Under("queue", "agentless");
    public string DiffDir => Under("queue", "diff");
    public string OssecQueueDir => Under("queue", "ossec");

    /// <summary>The analysis queue (manager) or the agent's local input socket (agent): <c>queue/ossec/queue</c>.</summary>
    public string OssecQueueSocket => Under("queue", "ossec", "queue");

    public string AlertsQueueDir => Under("queue", "alerts");

    /// <summary>Active-response requests from analysisd to remoted: <c>queue/alerts/ar</c>.</summary>
    public string ArQueueSocket => Under("queue", "alerts", "ar");

    /// <summary>Where agentd forwards manager commands to execd: <c>queue/alerts/execq</c>.</summary>
    public string ExecQueueSocket => Under("queue", "alerts", "execq");

    public string Var => Under("var");
    public string VarRun => Under("var", "run");
    public string StartScriptLock => Under("var", "start-script-lock");
    public string AgentlessDir => Under("agentless");
    public string PassList => Under("agentless", ".passlist");
    public string Tmp => Under("tmp");
    public string BackupAgentsDir => Under("backup", "agents");

    /// <summary><c>bin/.process_list</c>: optional daemons enabled with <c>ossec-control enable</c>.</summary>
    public string ProcessList => Under("bin", ".process_list");

    /// <summary>The receive counter of one peer: <c>queue/rids/&lt;id&gt;</c>.</summary>
    public string RidsFile(string id) => Path.Combine(RidsDir, id);

    /// <summary>The status file remoted keeps per agent: <c>queue/agent-info/&lt;name&gt;-&lt;ip&gt;</c>.</summary>
    public string AgentInfoFile(string name, string ip) => Path.Combine(AgentInfoDir, AgentInfo.FileName(name, ip));

    /// <summary>A daemon's PID file: <c>var/run/&lt;daemon&gt;-&lt;pid&gt;.pid</c>.</summary>
    public string PidFile(string daemon, int pid) => Path.Combine(VarRun, $"{daemon}-{pid}.pid");

    /// <summary>A daemon's state file (key=value, refreshed periodically): <c>var/run/&lt;daemon&gt;.state</c>.</summary>
    public string StateFile(string daemon) => Path.Combine(VarRun, daemon + ".state");

    /// <summary>A path under the install directory.</summary>
    public string Under(params string[] parts) => Path.Combine([Home, .. parts]);

    /// <summary>Reads <c>TYPE="…"</c> from <c>etc/ossec-init.conf</c>.</summary>
    public InstallType ReadInstallType()
    {
        if (!File.Exists(OssecInitConf))
        {
            return InstallType.Unknown;
        }

        foreach (var line in File.ReadLines(OssecInitConf))
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("TYPE=", StringComparison.Ordinal))
            {
                continue;
            }

            var value = trimmed["TYPE=".Length..].Trim().Trim('"', '\'');
            return value switch
            {
                "server" => InstallType.Server,
                "agent" => InstallType.Agent,
                "local" => InstallType.Local,
                _ => InstallType.Unknown,
            };
        }

        return InstallType.Unknown;
    }

    /// <summary>
    /// Resolves the install directory as every executable does: <c>-D</c> if given, else <c>OSSEC_HOME</c>,
    /// else the folder above the executable's own <c>bin/</c> when that folder holds <c>etc/</c>, else <c>/var/ossec</c>.
    /// </summary>
    public static OssecPaths Resolve(string? dashD, string? ossecHomeVariable, string? executableDirectory)
    {
        if (!string.IsNullOrEmpty(dashD))
        {
            return new OssecPaths(dashD);
        }

        if (!string.IsNullOrEmpty(ossecHomeVariable))
        {
            return new OssecPaths(ossecHomeVariable);
        }

        if (!string.IsNullOrEmpty(executableDirectory))
        {
            var dir = new DirectoryInfo(executableDirectory);
            if (string.Equals(dir.Name, "bin", StringComparison.Ordinal) && dir.Parent is { } parent
                && Directory.Exists(Path.Combine(parent.FullName, "etc")))
            {
                return new OssecPaths(parent.FullName);
            }
        }

        return new OssecPaths(DefaultHome);
    }

    /// <summary><see cref="Resolve(string?, string?, string?)"/> with this process's environment and location.</summary>
    public static OssecPaths ResolveForProcess(string? dashD) =>
        Resolve(dashD, Environment.GetEnvironmentVariable("OSSEC_HOME"), AppContext.BaseDirectory.TrimEnd('/'));
}
