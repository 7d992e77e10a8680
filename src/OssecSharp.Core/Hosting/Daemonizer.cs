using System.Diagnostics;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// OSSEC's goDaemon without fork (unsafe in .NET): the launching process re-executes itself with a marker
/// variable and its stdio on pipes, forwards what the child prints while starting, and exits 0 once the child has
/// written its PID file and detached its stdio (or with the child's code if it ended: 0 when it had nothing to run). The child starts a new
/// session (setsid) and points stdin/stdout/stderr at /dev/null once started.
/// </summary>
internal static class Daemonizer
{
    /// <summary>The environment marker telling a process it is the detached child.</summary>
    public const string MarkerVariable = "OSSECSHARP_DAEMONIZED";

    // A native daemon is up in tens of milliseconds: a coarser poll would be most of the launcher's wait.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>True when this process is the detached child; clears the marker so grandchildren do not inherit it.</summary>
    public static bool ConsumeChildMarker()
    {
        var isChild = Environment.GetEnvironmentVariable(MarkerVariable) == "1";
        if (isChild)
        {
            Environment.SetEnvironmentVariable(MarkerVariable, null);
        }

        return isChild;
    }

    /// <summary>Child side: leave the launcher's session so its terminal's signals no longer reach us.</summary>
    public static void StartSession() => _ = Libc.SetSid();

    /// <summary>Child side: stdin, stdout and stderr to /dev/null (closes the launcher's pipes).</summary>
    public static void DetachStdio()
    {
        var fd = Libc.Open("/dev/null", Libc.O_RDWR, 0);
        if (fd < 0)
        {
            return;
        }

        for (var target = 0; target <= 2; target++)
        {
            _ = Libc.Dup2(fd, target);
        }

        if (fd > 2)
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>
    /// Launcher side: starts this executable again with <paramref name="args"/> as the detached child and waits
    /// until it has started (<paramref name="pidFileFor"/> exists for its pid) or died.
    /// </summary>
    /// <returns>0 when the child runs; the child's exit code otherwise (0 when it found nothing to run, as agentlessd
    /// without an <c>&lt;agentless&gt;</c> block: OSSEC exits 0 there, before going to the background).</returns>
    public static async Task<int> LaunchDetachedAsync(
        IReadOnlyList<string> args, Func<int, string> pidFileFor, TextWriter stderr, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(pidFileFor);
        ArgumentNullException.ThrowIfNull(stderr);
        var psi = CreateStartInfo(args);
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        if (!process.Start())
        {
            await stderr.WriteLineAsync("Unable to start the daemon process.").ConfigureAwait(false);
            return 1;
        }

        process.StandardInput.Close();
        var pumpErr = PumpAsync(process.StandardError, stderr);
        var pumpOut = PumpAsync(process.StandardOutput, TextWriter.Null);
        var deadline = DateTime.UtcNow + startTimeout;
        var pidFile = pidFileFor(process.Id);
        while (!exited.Task.IsCompleted)
        {
            // The PID file is written after configuration, privilege drop and preparation: the child is up.
            if (File.Exists(pidFile))
            {
                return 0;
            }

            if (DateTime.UtcNow > deadline)
            {
                await stderr.WriteLineAsync($"{psi.FileName}: did not start within {startTimeout.TotalSeconds:0} s.").ConfigureAwait(false);
                process.Kill(entireProcessTree: true);
                return 1;
            }

            await Task.WhenAny(exited.Task, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        // Died while starting: forward the rest of what it printed, then report its exit code.
        await Task.WhenAny(Task.WhenAll(pumpErr, pumpOut), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static ProcessStartInfo CreateStartInfo(IReadOnlyList<string> args)
    {
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("Own executable path unknown.");
        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Run through `dotnet x.dll`: the dll is the first argument again.
        if (string.Equals(Path.GetFileNameWithoutExtension(executable), "dotnet", StringComparison.Ordinal))
        {
            psi.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment[MarkerVariable] = "1";
        return psi;
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter target)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                await target.WriteLineAsync(line).ConfigureAwait(false);
            }

            await target.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The child went away mid-line; its exit code tells the rest.
        }
    }
}
