using System.Diagnostics;
using System.Threading.Channels;
using OssecSharp.Agentlessd.Protocol;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// One run of an agentless script: started with an argument list (no shell, unlike OSSEC's <c>popen</c>), from
/// the install directory, with stdout and stderr read as lines into one bounded channel.
/// </summary>
internal sealed class ScriptProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task _pump;

    private ScriptProcess(Process process, CancellationToken cancellationToken)
    {
        _process = process;
        _pump = PumpAsync(cancellationToken);
    }

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Lines cut at <see cref="LineReader.MaxLineLength"/>.</summary>
    public int TruncatedLines { get; private set; }

    public static ScriptProcess Start(string script, IEnumerable<string> arguments, string workingDirectory,
        CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(script)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{script} did not start");
        process.StandardInput.Close();
        return new ScriptProcess(process, cancellationToken);
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
#pragma warning disable VSTHRD003 // The pump was started by this object and ends when the script's pipes close.
        await _pump.WaitAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore VSTHRD003
        return _process.ExitCode;
    }

    /// <summary>Stops reading (after an ERROR line) and stops the script.</summary>
    public void Abandon()
    {
        _lines.Writer.TryComplete();
        Kill();
    }

    /// <summary>Stops the script and everything it started.</summary>
    public void Kill() => ChildProcess.KillTree(_process);

    public async ValueTask DisposeAsync()
    {
        Abandon();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
#pragma warning disable VSTHRD003 // See WaitForExitAsync.
            await _pump.WaitAsync(timeout.Token).ConfigureAwait(false);
#pragma warning restore VSTHRD003
        }
        catch (OperationCanceledException)
        {
            // The pump ends when the pipes close; nothing else to wait for.
        }

        _process.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(
                ReadAsync(_process.StandardOutput, cancellationToken),
                ReadAsync(_process.StandardError, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Run cancelled or abandoned: the reader side is gone.
        }
        catch (ChannelClosedException)
        {
            // The reader stopped early (ERROR line).
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private async Task ReadAsync(StreamReader stream, CancellationToken cancellationToken)
    {
        var reader = new LineReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            await _lines.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        TruncatedLines += reader.TruncatedLines;
    }
}
