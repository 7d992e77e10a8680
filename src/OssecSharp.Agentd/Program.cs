using OssecSharp.Agentd;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Config;
using OssecSharp.Core.Hosting;

var spec = new DaemonSpec<AgentdConfig>
{
    Name = AgentdDaemon.Name,
    DefaultUser = "ossec",
    DefaultGroup = "ossec",
    CommandLine = OssecCommandSpec.ForDaemon(AgentdDaemon.Name, "ossec", "ossec"),
    LoadConfig = context =>
    {
        var document = OssecConfigDocument.Load(context.ConfigFile);
        var settings = AgentdSettingsReader.Read(document, InternalOptions.Load(context.Paths), context.Logger);
        return new AgentdConfig(settings);
    },
    PrepareAsync = (context, config, _) =>
    {
        var session = config.Settings.Session;
        context.Logger.Information("Using notify time: {Notify} and max time to reconnect: {Reconnect}",
            (int)session.NotifyTime.TotalSeconds, (int)session.ReconnectTime.TotalSeconds);
        // A client.keys that is a directory or unreadable is named as such, not reported as "no key".
        FileAccessError.ThrowIfUnreadable(context.Paths.ClientKeys);
        var daemon = new AgentdDaemon(context.Paths, config.Settings, context.Logger, TimeProvider.System);
        config.Identity = daemon.LoadIdentity() ?? throw new InvalidOperationException("No authentication key: add one with manage_agents or agent-auth.");
        return Task.CompletedTask;
    },
    RunAsync = (context, config, cancellationToken) =>
        new AgentdDaemon(context.Paths, config.Settings, context.Logger, TimeProvider.System).RunAsync(config.Identity!, cancellationToken),
    SignalExitCode = 1,
};

return await new DaemonHost<AgentdConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
    .RunAsync(args);
