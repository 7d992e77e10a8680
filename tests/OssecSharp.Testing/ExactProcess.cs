using System.Diagnostics;

namespace OssecSharp.Tests.Common;

/// <summary>
/// Runs a command to completion and keeps its stdout and stderr byte for byte (<see cref="ProcessRunner"/> reads
/// them line by line, which loses whether the output ended with a newline).
/// </summary>
internal static class ExactProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> and <paramref name="stdin"/> as its input;
    /// never past <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IEnumerable<string> arguments, IDictionary<string, string?> environment, TimeSpan timeout, string stdin = "")
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment.Remove("OSSEC_HOME");
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + fileName);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            Core.Hosting.ChildProcess.KillTree(process);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not exit within {timeout}.");
        }
    }
}
