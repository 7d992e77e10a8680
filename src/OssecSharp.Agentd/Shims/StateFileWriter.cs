using System.Text;
using OssecSharp.Agentd.Shared;
using Serilog;

namespace OssecSharp.Agentd.Shims;

/// <summary>Temporary stand-in for Core's state file writer until it lands on main (same constructor).</summary>
internal sealed class StateFileWriter(string path, string daemon, Func<IEnumerable<KeyValuePair<string, string>>> provider, TimeSpan interval, ILogger log)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            Write();
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Write();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Write();
    }

    private void Write()
    {
        var text = new StringBuilder("# State file for ").Append(daemon).Append("\n\n");
        foreach (var (key, value) in provider())
        {
            text.Append(key).Append("='").Append(value).Append("'\n");
        }

        try
        {
            AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (IOException ex)
        {
            log.Warning("Unable to write state file {Path}: {Reason}", path, ex.Message);
        }
    }
}
