namespace OssecSharp.Core.Hosting;

/// <summary>
/// The run every command-line tool shares (manage_agents, agent_control, ossec-control): the tool parses its own
/// arguments and runs → its exit code; Ctrl-C → <see cref="ToolSpec.InterruptedExitCode"/>; an expected failure → one
/// line on stderr (<see cref="ToolSpec.ErrorLine"/>) and exit 1, never a stack trace; standard output flushed at the end.
/// </summary>
/// <remarks>
/// agent-auth is not one of these: it logs to ossec.log, checks files as root and switches group, so it runs under
/// <see cref="DaemonHost{TConfig}"/> in the foreground without a PID file.
/// </remarks>
public sealed class ToolHost
{
    private readonly ToolSpec _spec;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly TimeProvider _clock;

    /// <summary>Creates the host for <paramref name="spec"/> writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public ToolHost(ToolSpec spec, TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        _spec = spec;
        _stdout = stdout;
        _stderr = stderr;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Runs the tool with <paramref name="args"/> (without the program name); returns the exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var interrupt = new CancellationTokenSource();
        void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            interrupt.Cancel();
        }

        if (_spec.CancelOnInterrupt)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
        }

        var context = new ToolContext(args, _stdout, _stderr, _clock, interrupt.Token);
        try
        {
            return await _spec.RunAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            return _spec.InterruptedExitCode;
        }
        catch (Exception ex) when (Describe(ex, context) is { } line)
        {
            // What the tool printed so far comes first, as OSSEC's stdio would have it.
            await _stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await _stderr.WriteLineAsync(line).ConfigureAwait(false);
            await _stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (_spec.CancelOnInterrupt)
            {
                Console.CancelKeyPress -= OnCancelKeyPress;
            }

            await _stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private string? Describe(Exception ex, ToolContext context) =>
        _spec.ErrorLine is { } describe
            ? describe(ex, context)
            : FileAccessError.Matches(ex) ? $"{_spec.Name}: ERROR: {FileAccessError.Describe(ex)}" : null;
}
