using System.Globalization;
using OssecSharp.Core.Hosting;

namespace OssecSharp.AgentControl;

internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return new AgentControlTool(Console.Out, Console.Error, TimeProvider.System, HostIdentity.HostName).Run(args);
        }
        catch (Exception ex) when (FileAccessError.Matches(ex))
        {
            // An unreadable client.keys or agent-info file: OSSEC's error line (merror format), exit 1.
            Console.Out.Flush();
            var now = DateTime.Now.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
            Console.Error.WriteLine($"{now} {AgentControlText.Tool}({FileAccessError.Code}): ERROR: {FileAccessError.Describe(ex)}");
            return 1;
        }
    }
}
