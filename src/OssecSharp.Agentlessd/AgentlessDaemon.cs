using OssecSharp.Agentlessd.Running;
using OssecSharp.Agentlessd.Scheduling;
using OssecSharp.Core.Config;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Agentlessd;

/// <summary>
/// ossec-agentlessd: reads the <c>&lt;agentless&gt;</c> configuration, refuses an exposed <c>.passlist</c>, and
/// runs the checks, either as a daemon (<see cref="RunAsync"/>) or once for cron (<see cref="RunOnceAsync"/>).
/// </summary>
internal sealed class AgentlessDaemon
{
    /// <summary>Exit code of a cron run in which at least one check failed.</summary>
    public const int ChecksFailedExitCode = 2;

    /// <summary>Hard limit of one script run (the scripts' own ssh limit is 600 s).</summary>
    public static readonly TimeSpan DefaultScriptTimeout = TimeSpan.FromSeconds(900);

    /// <summary>First retry delay after a failed host (then doubled, capped at the frequency).</summary>
    public static readonly TimeSpan DefaultRetryBase = TimeSpan.FromSeconds(60);

    private readonly OssecPaths _paths;
    private readonly ILogger _log;
    private readonly AgentlessConfig _config;
    private readonly AgentlessScheduler _scheduler;

    public AgentlessDaemon(OssecPaths paths, ILogger log, AgentlessConfig config, IAgentlessEventSink events,
        TimeProvider time, TimeSpan scriptTimeout, TimeSpan retryBase)
    {
        _paths = paths;
        _log = log;
        _config = config;
        var runner = new HostRunner(new RunContext(paths, log, events, scriptTimeout));
        _scheduler = new AgentlessScheduler(config.Entries, runner, log, time, retryBase,
            (entry, host) => new HostStateFiles(paths, entry.Type, host.Target));
    }

    /// <summary>
    /// Reads and validates the configuration; logs OSSEC's error lines and returns null when it is invalid.
    /// An absent <c>&lt;agentless&gt;</c> section gives an empty configuration.
    /// </summary>
    public static AgentlessConfig? LoadConfig(string configFile, OssecPaths paths, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(log);
        IReadOnlyList<AgentlessConfigError> errors;
        AgentlessConfig? config = null;
        try
        {
            var blocks = AgentlessConfigLoader.ReadBlocks(configFile);
            config = AgentlessConfig.TryCreate(blocks, type => File.Exists(Path.Combine(paths.AgentlessDir, type)),
                paths.AgentlessDir, out errors);
        }
        catch (ConfigException e)
        {
            errors = [new AgentlessConfigError(1226, $"Error reading XML file '{configFile}': {e.Reason}")];
        }

        if (config is not null)
        {
            return config;
        }

        foreach (var error in errors)
        {
            (error.Code is { } code ? log.WithCode(code) : log).Error("{Message}", error.Message);
        }

        log.WithCode(1202).Error("Configuration error at '{File}'. Exiting.", configFile);
        log.WithCode(7101).Error("Invalid agentless configuration.");
        return null;
    }

    /// <summary>
    /// OSSEC left <c>.passlist</c> world-readable (chmod 744); we refuse to run with passwords exposed to
    /// other users. Returns false (after a clear log line) when the file is group- or world-accessible.
    /// </summary>
    public static bool CheckPassList(OssecPaths paths, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(paths.PassList))
        {
            return true;
        }

        var mode = File.GetUnixFileMode(paths.PassList);
        const UnixFileMode exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & exposed) == 0)
        {
            return true;
        }

        log.Fatal("Password list '{File}' is readable by group or others (mode {Mode}); refusing to run. Fix it with: chmod 600 '{File}'.",
            paths.PassList, Convert.ToString((int)mode, 8).PadLeft(4, '0'), paths.PassList);
        return false;
    }

    public bool IsConfigured => _config.Entries.Count > 0;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _scheduler.RunAsync(cancellationToken);

    /// <summary>One pass for cron: 0 when every selected check passed, <see cref="ChecksFailedExitCode"/> otherwise.</summary>
    public async Task<int> RunOnceAsync(IReadOnlyList<string> selectors, CancellationToken cancellationToken)
    {
        var failed = await _scheduler.RunOnceAsync(selectors, cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            _log.Error("{Count} agentless check(s) failed.", failed);
            return ChecksFailedExitCode;
        }

        return 0;
    }

    /// <summary>Where the install keeps the agentless scripts (for messages).</summary>
    public string AgentlessDir => _paths.AgentlessDir;
}
