using System.Globalization;
using OssecSharp.Core.Hosting;

namespace OssecSharp.AgentControl;

internal static class Program
{
    public static Task<int> Main(string[] args) => new ToolHost(new ToolSpec
    {
        Name = AgentControlText.Tool,
        RunAsync = context => Task.FromResult(
            new AgentControlTool(context.Stdout, context.Stderr, context.Clock, HostIdentity.HostName).Run(context.Args)),

        // An unreadable client.keys or agent-info file: OSSEC's error line (merror format), exit 1.
        ErrorLine = (ex, context) => FileAccessError.Matches(ex)
            ? $"{context.Clock.GetLocalNow().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)} "
                + $"{AgentControlText.Tool}({FileAccessError.Code}): ERROR: {FileAccessError.Describe(ex)}"
            : null,
    }, Console.Out, Console.Error).RunAsync(args);
}
