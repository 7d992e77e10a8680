using OssecSharp.Core.Cli;

namespace OssecSharp.Core.Hosting;

/// <summary>What one daemon tells <see cref="DaemonHost{TConfig}"/>: its name, flags, accounts and callbacks.</summary>
/// <typeparam name="TConfig">The daemon's typed configuration.</typeparam>
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
    /// Reads and validates the configuration. Throw (e.g. ConfigException naming file and line) on a bad
    /// configuration: the message is logged as an ERROR and the daemon exits 1 (<c>-t</c> included).
    /// </summary>
    public required Func<DaemonContext, TConfig> LoadConfig { get; init; }

    /// <summary>Optional work done before privileges are dropped (binding sockets, opening root-only files).</summary>
    public Func<DaemonContext, TConfig, CancellationToken, Task>? PrepareAsync { get; init; }

    /// <summary>The daemon itself: runs until the token is cancelled and returns the exit code.</summary>
    public required Func<DaemonContext, TConfig, CancellationToken, Task<int>> RunAsync { get; init; }

    /// <summary>Exit code after a shutdown signal (OSSEC's daemons exit 1 from their signal handler).</summary>
    public int SignalExitCode { get; init; } = 1;

    /// <summary>False for tools that never background themselves (agent-auth); <c>-f</c> is then implied.</summary>
    public bool Daemonizes { get; init; } = true;

    /// <summary>False when the program writes no PID file.</summary>
    public bool WritesPidFile { get; init; } = true;

    /// <summary>How long <see cref="RunAsync"/> may take to return after the shutdown signal.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
