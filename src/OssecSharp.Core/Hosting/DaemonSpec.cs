using OssecSharp.Core.Cli;

namespace OssecSharp.Core.Hosting;

/// <summary>What one daemon tells <see cref="DaemonHost{TConfig}"/>: its name, flags, accounts, config loader and factory.</summary>
/// <typeparam name="TConfig">The daemon's configuration record.</typeparam>
public sealed class DaemonSpec<TConfig>
{
    /// <summary>The OSSEC binary name, e.g. <c>ossec-remoted</c> (log tag, PID file name).</summary>
    public required string Name { get; init; }

    /// <summary>The daemon's flags (usually <see cref="OssecCommandSpec.ForDaemon"/>).</summary>
    public required OssecCommandSpec CommandLine { get; init; }

    /// <summary>The default <c>-u</c> user (ossec, ossecr…).</summary>
    public string DefaultUser { get; init; } = "ossec";

    /// <summary>The default <c>-g</c> group.</summary>
    public string DefaultGroup { get; init; } = "ossec";

    /// <summary>
    /// Reads and validates the configuration, once per process. Throw (e.g. ConfigException naming file and line) on a
    /// bad configuration: the message is logged as an ERROR and the daemon exits 1 (<c>-t</c> included).
    /// </summary>
    public required Func<DaemonContext, TConfig> LoadConfig { get; init; }

    /// <summary>Creates the daemon from the context and its configuration (nothing is bound or opened yet).</summary>
    public required Func<DaemonContext, TConfig, IDaemon> Create { get; init; }

    /// <summary>
    /// True for a run that does its work once and exits (agentlessd <c>-r</c>, for cron): no background launch, no PID
    /// file, no <c>Started</c> or <c>SIGNAL</c> line, and after the start-up its log lines reach stderr only with <c>-f</c>.
    /// </summary>
    public Func<OssecParseResult, bool> RunsOnce { get; init; } = _ => false;

    /// <summary>Exit code after a shutdown signal (OSSEC's daemons exit 1 from their signal handler).</summary>
    public int SignalExitCode { get; init; } = 1;

    /// <summary>False for programs that never background themselves (agent-auth); <c>-f</c> is then implied.</summary>
    public bool Daemonizes { get; init; } = true;

    /// <summary>False when the program writes no PID file.</summary>
    public bool WritesPidFile { get; init; } = true;

    /// <summary>How long <see cref="IDaemon.RunAsync"/> may take to return after the shutdown signal.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
