using OssecSharp.Authd;
using OssecSharp.Core.Hosting;

var spec = new DaemonSpec<AuthdConfig>
{
    Name = "ossec-authd",
    CommandLine = AuthdCommandLine.Spec,
    LoadConfig = AuthdCommandLine.Load,
    Create = AuthdDaemon.Create,
    ShutdownTimeout = TimeSpan.FromSeconds(60),
};

return await new DaemonHost<AuthdConfig>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
    .RunAsync(args);
