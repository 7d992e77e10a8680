using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Remoted;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var spec = new DaemonSpec<RemotedConfig>
        {
            Name = RemotedDaemon.Name,
            DefaultUser = "ossecr",
            CommandLine = OssecCommandSpec.ForDaemon(RemotedDaemon.Name, "ossecr", "ossec"),
            LoadConfig = RemotedConfigLoader.Load,
            Create = RemotedDaemon.Create,
            SignalExitCode = 1,
        };

        return await new DaemonHost<RemotedConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
            .RunAsync(args);
    }
}
