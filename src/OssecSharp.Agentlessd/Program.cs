using OssecSharp.Agentlessd.Config;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Agentlessd;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var spec = new DaemonSpec<AgentlessConfig>
        {
            Name = AgentlessDaemon.Name,
            CommandLine = OssecCommandSpec.ForDaemon(AgentlessDaemon.Name, "ossec", "ossec",
            [
                new OssecOption('r', null, "Run one pass of the due checks (or of", "the named ones) and exit: for cron."),
                new OssecOption('n', "name", "With -r: run this check (type, user@host", "or type:user@host); repeatable."),
            ]),
            LoadConfig = AgentlessConfigLoader.Load,
            Create = AgentlessDaemon.Create,
            RunsOnce = AgentlessDaemon.RunsOnce,
        };

        return await new DaemonHost<AgentlessConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
            .RunAsync(args);
    }
}
