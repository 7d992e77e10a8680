using OssecSharp.Agentlessd.Config;
using OssecSharp.Agentlessd.Running;
using OssecSharp.Agentlessd.Scheduling;
using OssecSharp.Core.Events;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Rotation;
using Serilog;

namespace OssecSharp.Agentlessd;

/// <summary>
/// ossec-agentlessd under <see cref="DaemonHost{TConfig}"/>: refuses an exposed <c>.passlist</c> while preparing, and
/// runs the checks, either as a daemon or, with <c>-r</c>, once for cron (<see cref="RunsOnce"/>).
/// </summary>
internal sealed class AgentlessDaemon : IDaemon
{
    public const string Name = "ossec-agentlessd";

    /// <summary>Exit code of a cron run in which at least one check failed.</summary>
    public const int ChecksFailedExitCode = 2;

    /// <summary>Hard limit of one script run (the scripts' own ssh limit is 600 s).</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(900);

    /// <summary>First retry delay after a failed host (then doubled, capped at the frequency).</summary>
    private static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(60);

    private readonly DaemonContext _context;
    private readonly AgentlessConfig _config;

    private AgentlessDaemon(DaemonContext context, AgentlessConfig config)
    {
        _context = context;
        _config = config;
    }

    private OssecPaths Paths => _context.Paths;

    private ILogger Log => _context.Logger;

    public static AgentlessDaemon Create(DaemonContext context, AgentlessConfig config) => new(context, config);

    /// <summary><c>-r</c>: one pass of the due checks (or of those named with <c>-n</c> or as operands), then exit.</summary>
    public static bool RunsOnce(Core.Cli.OssecParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.Has('r');
    }

    /// <summary>OSSEC exits 0 without an <c>&lt;agentless&gt;</c> block; an exposed password list refuses to start.</summary>
    public Task<bool> PrepareAsync(CancellationToken cancellationToken)
    {
        if (_config.Entries.Count == 0)
        {
            Log.Information("Not configured. Exiting.");
            return Task.FromResult(false);
        }

        return CheckPassList()
            ? Task.FromResult(true)
            : throw new StartupRefusedException("Password list readable by others.");
    }

    /// <summary>The daemon until a signal (exit 1, as OSSEC's); with <c>-r</c>, 0 when every selected check passed,
    /// <see cref="ChecksFailedExitCode"/> otherwise.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Paths.ArchivesDir);
        await using var sink = new EventSink(new EventSinkOptions
        {
            ArchivesLog = Paths.ArchivesLog,
            ArchivesJson = Paths.ArchivesJson,
            AnalysisSocket = Paths.OssecQueueSocket,
            DailyFiles = RotationOwners.Detect(Paths).OurDailyFiles,
        }, Log);
        sink.Start();
        var paths = Paths;
        var runner = new HostRunner(new RunContext(paths, Log, new EventSinkAdapter(sink, Log), ScriptTimeout));
        var scheduler = new AgentlessScheduler(_config.Entries, runner, Log, _context.Clock, RetryBase,
            (entry, host) => new HostStateFiles(paths, entry.Type, host.Target));
        try
        {
            if (!RunsOnce(_context.Parse))
            {
                await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
                return 1;
            }

            var failed = await scheduler.RunOnceAsync([.. _context.Parse.Values('n'), .. _context.Parse.Operands], cancellationToken)
                .ConfigureAwait(false);
            if (failed > 0)
            {
                Log.Error("{Count} agentless check(s) failed.", failed);
                return ChecksFailedExitCode;
            }

            return 0;
        }
        finally
        {
            await sink.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// OSSEC left <c>.passlist</c> world-readable (chmod 744); we refuse to run with passwords exposed to
    /// other users. Returns false (after a clear log line) when the file is group- or world-accessible.
    /// </summary>
    private bool CheckPassList()
    {
        if (!File.Exists(Paths.PassList))
        {
            return true;
        }

        var mode = File.GetUnixFileMode(Paths.PassList);
        const UnixFileMode exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & exposed) == 0)
        {
            return true;
        }

        Log.Fatal("Password list '{File}' is readable by group or others (mode {Mode}); refusing to run. Fix it with: chmod 600 '{File}'.",
            Paths.PassList, Convert.ToString((int)mode, 8).PadLeft(4, '0'), Paths.PassList);
        return false;
    }
}
