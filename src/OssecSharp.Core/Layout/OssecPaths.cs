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

    /// <summary>The programs and ossec-control: <c>bin/</c>.</summary>
    public string Bin => Under("bin");
    /// <summary>Configuration and keys, owned by root (a daemon account creates nothing here): <c>etc/</c>.</summary>
    public string Etc => Under("etc");
    /// <summary>The main configuration: <c>etc/ossec.conf</c>.</summary>
    public string OssecConf => Under("etc", "ossec.conf");
    /// <summary>The tuning values OSSEC ships: <c>etc/internal_options.conf</c>.</summary>
    public string InternalOptions => Under("etc", "internal_options.conf");
    /// <summary>The site's overrides of those values, read after them: <c>etc/local_internal_options.conf</c>.</summary>
    public string LocalInternalOptions => Under("etc", "local_internal_options.conf");
    /// <summary>The agents' ids, names, addresses and keys: <c>etc/client.keys</c>.</summary>
    public string ClientKeys => Under("etc", "client.keys");
    /// <summary>The install's type and version, written by the installer: <c>etc/ossec-init.conf</c>.</summary>
    public string OssecInitConf => Under("etc", "ossec-init.conf");
    /// <summary>The enrollment password, when one is used: <c>etc/authd.pass</c>.</summary>
    public string AuthdPass => Under("etc", "authd.pass");
    /// <summary>authd's TLS certificate: <c>etc/sslmanager.cert</c>.</summary>
    public string ManagerCertificate => Under("etc", "sslmanager.cert");
    /// <summary>The private key of that certificate: <c>etc/sslmanager.key</c>.</summary>
    public string ManagerKey => Under("etc", "sslmanager.key");
    /// <summary>The files the manager pushes to its agents: <c>etc/shared/</c>.</summary>
    public string SharedDir => Under("etc", "shared");
    /// <summary>Those files bundled as agents receive them: <c>etc/shared/merged.mg</c>.</summary>
    public string MergedMg => Under("etc", "shared", "merged.mg");

    /// <summary>Logs of the daemons and of the events: <c>logs/</c>.</summary>
    public string Logs => Under("logs");
    /// <summary>The daemons' own log: <c>logs/ossec.log</c>.</summary>
    public string OssecLog => Under("logs", "ossec.log");
    /// <summary>Where the daily archive files are kept: <c>logs/archives/</c>.</summary>
    public string ArchivesDir => Under("logs", "archives");
    /// <summary>Every event received, one line each, linked to the current day's file: <c>logs/archives/archives.log</c>.</summary>
    public string ArchivesLog => Under("logs", "archives", "archives.log");
    /// <summary>The same events as JSON, when enabled: <c>logs/archives/archives.json</c>.</summary>
    public string ArchivesJson => Under("logs", "archives", "archives.json");
    /// <summary>The log the active-response scripts append to: <c>logs/active-responses.log</c>.</summary>
    public string ActiveResponsesLog => Under("logs", "active-responses.log");

    /// <summary>Runtime state and the daemons' sockets: <c>queue/</c>.</summary>
    public string Queue => Under("queue");
    /// <summary>The message counters, one file per peer: <c>queue/rids/</c>.</summary>
    public string RidsDir => Under("queue", "rids");
    /// <summary>This host's own sending counter: <c>queue/rids/sender_counter</c>.</summary>
    public string SenderCounter => Under("queue", "rids", "sender_counter");
    /// <summary>remoted's status file per agent: <c>queue/agent-info/</c>.</summary>
    public string AgentInfoDir => Under("queue", "agent-info");
    /// <summary>agentlessd's state per host: <c>queue/agentless/</c>.</summary>
    public string AgentlessQueueDir => Under("queue", "agentless");
    /// <summary>The stored outputs that periodic_diff compares against: <c>queue/diff/</c>.</summary>
    public string DiffDir => Under("queue", "diff");
    /// <summary>The folder of the analysis queue socket: <c>queue/ossec/</c>.</summary>
    public string OssecQueueDir => Under("queue", "ossec");

    /// <summary>The analysis queue (manager) or the agent's local input socket (agent): <c>queue/ossec/queue</c>.</summary>
    public string OssecQueueSocket => Under("queue", "ossec", "queue");

    /// <summary>The folder of the active-response sockets: <c>queue/alerts/</c>.</summary>
    public string AlertsQueueDir => Under("queue", "alerts");

    /// <summary>Active-response requests from analysisd to remoted: <c>queue/alerts/ar</c>.</summary>
    public string ArQueueSocket => Under("queue", "alerts", "ar");

    /// <summary>Where agentd forwards manager commands to execd: <c>queue/alerts/execq</c>.</summary>
    public string ExecQueueSocket => Under("queue", "alerts", "execq");

    /// <summary>Runtime files that are not queues: <c>var/</c>.</summary>
    public string Var => Under("var");
    /// <summary>PID and state files: <c>var/run/</c>.</summary>
    public string VarRun => Under("var", "run");
    /// <summary>The folder ossec-control holds while it starts or stops daemons: <c>var/start-script-lock</c>.</summary>
    public string StartScriptLock => Under("var", "start-script-lock");
    /// <summary>The agentless scripts: <c>agentless/</c>.</summary>
    public string AgentlessDir => Under("agentless");
    /// <summary>The agentless hosts' passwords, written by register_host.sh: <c>agentless/.passlist</c>.</summary>
    public string PassList => Under("agentless", ".passlist");
    /// <summary>Scratch space inside the install: <c>tmp/</c>.</summary>
    public string Tmp => Under("tmp");
    /// <summary>Where manage_agents keeps the files of removed agents: <c>backup/agents/</c>.</summary>
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
