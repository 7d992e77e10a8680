using System.Globalization;
using System.Text;
using OssecSharp.Core.Interop;

namespace OssecSharp.Control;

/// <summary>
/// Linux process checks through <c>/proc</c>: a pid counts as a daemon's only when its command line names that daemon,
/// so a recycled pid never makes a dead daemon look alive (OSSEC checks that <c>ps -p</c> mentions "ossec").
/// </summary>
internal sealed class ProcProcessProbe : IProcessProbe
{
    public bool IsRunning(int pid, string daemon)
    {
        var cmdline = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline";
        try
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(cmdline));
            if (text.Length == 0)
            {
                // A zombie: it has exited and waits for its parent.
                return false;
            }

            return text.Contains(daemon, StringComparison.Ordinal) && !IsZombie(pid);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public bool Terminate(int pid) => Libc.Kill(pid, Libc.SIGTERM) == 0;

    public void Kill(int pid) => Libc.Kill(pid, Libc.SIGKILL);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
