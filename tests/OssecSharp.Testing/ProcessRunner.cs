using System.Diagnostics;
using System.Text;

namespace OssecSharp.Tests.Common;

/// <summary>
/// Runs one of the project's executables (copied next to the test binaries by the project references)
/// as a real process, with a deadline on every wait.
/// </summary>
internal sealed class ProcessRunner : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private ProcessRunner(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get { lock (_gate) { return _stdout.ToString(); } }
    }

    public string Stderr
    {
        get { lock (_gate) { return _stderr.ToString(); } }
    }

    /// <summary>The path of an executable built by this solution, e.g. <c>ossec-remoted</c>.</summary>
    public static string ExecutablePath(string name) => Path.Combine(AppContext.BaseDirectory, name);

    /// <summary>Starts <paramref name="executable"/> (a name from this solution or an absolute path).</summary>
    public static ProcessRunner Start(
        string executable,
        IEnumerable<string> arguments,
        IDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        bool redirectStdin = false)
    {
        var path = Path.IsPathRooted(executable) ? executable : ExecutablePath(executable);
        var psi = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // Never let a test touch a real install through the environment of the machine running it.
        psi.Environment.Remove("OSSEC_HOME");
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var runner = new ProcessRunner(process);
        process.OutputDataReceived += (_, e) => runner.Append(runner._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => runner.Append(runner._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Runs a command to completion and returns it (exit code, stdout, stderr).</summary>
    public static async Task<ProcessRunner> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        IDictionary<string, string?>? environment = null,
        string? stdin = null)
    {
        var runner = Start(executable, arguments, environment, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await runner._process.StandardInput.WriteAsync(stdin);
            runner._process.StandardInput.Close();
        }

        await runner.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
        return runner;
    }

    public StreamWriter StandardInput => _process.StandardInput;

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout}. stdout: {Stdout} stderr: {Stderr}");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15));
    }

    public void Kill() => Core.Hosting.ChildProcess.KillTree(_process);

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
