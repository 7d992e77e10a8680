using OssecSharp.Agentd;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;

var spec = new DaemonSpec<AgentdConfig>
{
    Name = AgentdDaemon.Name,
    DefaultUser = "ossec",
    DefaultGroup = "ossec",
    CommandLine = OssecCommandSpec.ForDaemon(AgentdDaemon.Name, "ossec", "ossec"),
    LoadConfig = AgentdConfigLoader.Load,
    Create = AgentdDaemon.Create,
    SignalExitCode = 1,
};

return await new DaemonHost<AgentdConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
    .RunAsync(args);
