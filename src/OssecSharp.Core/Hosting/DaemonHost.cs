using OssecSharp.Core.Cli;
using OssecSharp.Core.Logging;
using Serilog.Core;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// The run sequence every daemon shares: flags → <c>-V</c>/<c>-h</c> → paths → (background launch unless <c>-f</c>)
/// → logging → configuration, loaded once (<c>-t</c> stops here) → <see cref="DaemonSpec{TConfig}.Create"/> →
/// <see cref="IDaemon.PrepareAsync"/> → privilege drop → PID file → <c>Started (pid: N).</c> →
/// <see cref="IDaemon.RunAsync"/> until a signal → log the signal → dispose the daemon, delete the PID file, flush the
/// log → exit code.
/// </summary>
/// <typeparam name="TConfig">The daemon's configuration record.</typeparam>
public sealed class DaemonHost<TConfig>
{
    private readonly DaemonSpec<TConfig> _spec;
    private readonly DaemonHostOptions _options;

    /// <summary>Creates the host for <paramref name="spec"/>.</summary>
    public DaemonHost(DaemonSpec<TConfig> spec, DaemonHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _options = options ?? new DaemonHostOptions();
    }

    /// <summary>Runs the daemon with <paramref name="args"/> (without the program name); returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var stderr = new DetachableWriter(_options.Stderr);
        var parse = OssecCommandLine.Parse(_spec.CommandLine, args);
        if (!parse.Success)
        {
            await stderr.WriteLineAsync(parse.Error).ConfigureAwait(false);
            _spec.CommandLine.WriteHelp(stderr);
            return 1;
        }

        var options = CommonOptions.From(parse);
        if (options.ShowVersion)
        {
            OssecCommandSpec.WriteVersion(stderr);
            return 0;
        }

        if (options.ShowHelp)
        {
            _spec.CommandLine.WriteHelp(stderr);
            return 0;
        }

        var paths = _options.ResolvePaths(options.Home);
        var runsOnce = _spec.RunsOnce(parse);
        var isChild = _options.AllowDaemonize && Daemonizer.ConsumeChildMarker();
        if (_options.AllowDaemonize && _spec.Daemonizes && !runsOnce && !options.Foreground && !options.TestConfig && !isChild)
        {
            return await Daemonizer.LaunchDetachedAsync(
                args, pid => paths.PidFile(_spec.Name, pid), stderr, _options.StartTimeout, CancellationToken.None).ConfigureAwait(false);
        }

        if (isChild)
        {
            Daemonizer.StartSession();
        }

        // Until detached, every line also goes to stderr, as OSSEC's daemons print before goDaemon.
        var logger = OssecLogging.CreateLogger(_spec.Name, paths, options.DebugLevel, foreground: true, stderr, [.. _options.ExtraSinks]);
        await using (logger.ConfigureAwait(false))
        {
            using var signals = new ShutdownSignals();
            var context = new DaemonContext(_spec.Name, parse, options, paths, logger, signals, _options.Clock, _options.Stdout, stderr);
            return await RunStagesAsync(context, logger, isChild ? stderr : null, runsOnce).ConfigureAwait(false);
        }
    }

    private async Task<int> RunStagesAsync(DaemonContext context, Logger logger, DetachableWriter? childStderr, bool runsOnce)
    {
        var options = context.Options;
        TConfig config;
        try
        {
            config = _spec.LoadConfig(context);
        }
        catch (StartupRefusedException)
        {
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (FileAccessError.Matches(ex))
            {
                logger.WithCode(FileAccessError.Code).Error("{Reason}", FileAccessError.Describe(ex));
            }
            else
            {
                logger.Error("{Reason}", ex.Message);
            }

            if (!options.TestConfig)
            {
                logger.WithCode(1202).Fatal("Configuration error at '{File}'. Exiting.", context.ConfigFile);
            }

            return 1;
        }

        if (options.TestConfig)
        {
            return 0;
        }

        logger.Debug("Starting ...");
        IDaemon? daemon = null;
        PidFile? pidFile = null;
        try
        {
            daemon = _spec.Create(context, config);
            if (!await daemon.PrepareAsync(context.Signals.Token).ConfigureAwait(false))
            {
                await daemon.DisposeAsync().ConfigureAwait(false);
                return 0;
            }

            var user = options.User ?? _spec.DefaultUser;
            var group = options.Group ?? _spec.DefaultGroup;
            if (new PrivilegeDrop(_options.Users, logger).Apply(user, group, options.User is not null, options.Group is not null, context.Paths.Home) is { } dropError)
            {
                logger.WithCode(1203).Fatal("{Reason}", dropError);
                await daemon.DisposeAsync().ConfigureAwait(false);
                return 1;
            }

            if (_spec.WritesPidFile && !runsOnce)
            {
                pidFile = PidFile.Create(context.Paths, _spec.Name, Environment.ProcessId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (ex is StartupRefusedException)
            {
                // Logged already by the daemon.
            }
            else if (FileAccessError.Matches(ex))
            {
                // An unreadable file is the operator's to fix: one line that names it, no exception dump.
                logger.WithCode(FileAccessError.Code).Fatal("{Reason}", FileAccessError.Describe(ex));
            }
            else
            {
                logger.Fatal(ex, "Unable to start: {Reason}", ex.Message);
            }

            pidFile?.Delete();
            if (daemon is not null)
            {
                await daemon.DisposeAsync().ConfigureAwait(false);
            }

            return 1;
        }

        using (pidFile)
        {
            if (childStderr is not null)
            {
                childStderr.Detach();
                Daemonizer.DetachStdio();
            }

            if (runsOnce)
            {
                // A cron run: the start-up is on stderr (cron mails it); the run's own lines only with -f.
                if (!options.Foreground && context.Stderr is DetachableWriter stderr)
                {
                    stderr.Detach();
                }
            }
            else
            {
                logger.Information("Started (pid: {Pid}).", Environment.ProcessId);
            }

            return await RunUntilStoppedAsync(context, daemon, logger, runsOnce).ConfigureAwait(false);
        }
    }

    private async Task<int> RunUntilStoppedAsync(DaemonContext context, IDaemon daemon, Logger logger, bool runsOnce)
    {
        var signals = context.Signals;
        using var logSignal = runsOnce
            ? null
            : signals.Announce(number => logger.WithCode(1225).Information("{Text}", ShutdownSignals.Describe(number)));

        var run = daemon.RunAsync(signals.Token);
        int exitCode;
        try
        {
            var signalled = Task.Delay(Timeout.Infinite, signals.Token);
            if (await Task.WhenAny(run, signalled).ConfigureAwait(false) != run)
            {
                // Signalled: give the daemon its shutdown time, then leave without it.
                run = run.WaitAsync(_spec.ShutdownTimeout, CancellationToken.None);
            }

            exitCode = await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            exitCode = 0;
        }
        catch (TimeoutException)
        {
            // Still running: leave it undisposed, the process is leaving.
            logger.Warning("Shutdown did not finish within {Seconds} s; exiting.", _spec.ShutdownTimeout.TotalSeconds);
            return signals.SignalNumber != 0 ? _spec.SignalExitCode : 1;
        }
        catch (Exception ex) when (FileAccessError.Matches(ex))
        {
            logger.WithCode(FileAccessError.Code).Fatal("{Reason}", FileAccessError.Describe(ex));
            await daemon.DisposeAsync().ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.Fatal(ex, "Fatal error: {Reason}", ex.Message);
            await daemon.DisposeAsync().ConfigureAwait(false);
            return 1;
        }

        await daemon.DisposeAsync().ConfigureAwait(false);
        return signals.SignalNumber != 0 ? _spec.SignalExitCode : exitCode;
    }
}
