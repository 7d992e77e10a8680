using System.Diagnostics;

namespace OssecSharp.Core.Hosting;

/// <summary>What every owner of a child process (agentlessd's scripts, the test harness) does the same way.</summary>
public static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> and everything it started, if it still runs (a race with its exit is fine).</summary>
    public static void KillTree(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never started.
        }
    }
}
