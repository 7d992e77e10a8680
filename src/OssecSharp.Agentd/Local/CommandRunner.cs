using System.Diagnostics;
using System.Text;
using OssecSharp.Agentd.Buffer;
using OssecSharp.Core.Crypto;
using Serilog;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// Runs the <c>&lt;localfile&gt;</c> commands (log_format <c>command</c> / <c>full_command</c>) every
/// <c>frequency</c> seconds through <c>/bin/sh -c</c>, as OSSEC's logcollector (popen). <c>command</c>: one event
/// per output line, <c>ossec: output: '&lt;alias&gt;': &lt;line&gt;</c>; <c>full_command</c>: one event
/// <c>ossec: output: '&lt;alias&gt;':\n&lt;output&gt;</c>. The location is the alias (default: the command line).
/// </summary>
internal sealed class CommandRunner : IDisposable
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyList<LocalFileSpec> _commands;
    private readonly ClientBuffer _buffer;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public CommandRunner(IEnumerable<LocalFileSpec> commands, ClientBuffer buffer, ILogger log, TimeProvider time)
    {
        _commands = commands.ToList();
        _buffer = buffer;
        _log = log;
        _time = time;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_commands.Count == 0)
        {
            return;
        }

        var next = new long[_commands.Count];
        try
        {
            while (true)
            {
                var now = _time.GetTimestamp();
                for (var i = 0; i < _commands.Count; i++)
                {
                    if (now >= next[i])
                    {
                        await RunOnceAsync(_commands[i], cancellationToken).ConfigureAwait(false);
                        next[i] = _time.GetTimestamp() + (long)(Math.Max(1, _commands[i].Frequency) * (double)_time.TimestampFrequency);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
    }

    public void Dispose()
    {
    }

    /// <summary>The events one run of <paramref name="spec"/> produces from its output.</summary>
    public static IEnumerable<byte[]> Events(LocalFileSpec spec, string output)
    {
        var alias = spec.Alias ?? spec.Location;
        var header = "1:" + alias + ":ossec: output: '" + alias + "':";
        if (spec.Format == "full_command")
        {
            yield return Cut(header + "\n" + output);
            yield break;
        }

        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 0)
            {
                yield return Cut(header + " " + line.TrimEnd('\r'));
            }
        }
    }

    private static byte[] Cut(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= SecureMessageCodec.MaxPayloadLength ? bytes : bytes[..SecureMessageCodec.MaxPayloadLength];
    }

    private async Task RunOnceAsync(LocalFileSpec spec, CancellationToken cancellationToken)
    {
        string output;
        try
        {
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(spec.Location);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("not started");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_runTimeout);
            try
            {
                output = await process.StandardOutput.ReadToEndAsync(deadline.Token).ConfigureAwait(false);
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                _log.Error("Command '{Command}' did not finish in time; killed.", spec.Location);
                return;
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            _log.Error("Unable to execute command: '{Command}' ({Reason}).", spec.Location, ex.Message);
            return;
        }

        foreach (var payload in Events(spec, output))
        {
            await _buffer.AddAsync(payload, cancellationToken).ConfigureAwait(false);
        }
    }
}
