using OssecSharp.AgentAuth;
using OssecSharp.Core.Hosting;

var spec = new DaemonSpec<AgentAuthOptions>
{
    // OSSEC 4.2's agent-auth logs under the ossec-authd tag (enrollment.json: "ossec-authd: INFO: Started (pid: N)."),
    // which sends people to a manager daemon in the agent's log: each program logs under its own name here.
    Name = "agent-auth",
    CommandLine = AgentAuthCommandLine.Spec,
    LoadConfig = context => AgentAuthCommandLine.Read(context.Parse),
    Create = AgentAuthTool.Create,
    // OSSEC's agent-auth only switches group (-g); it keeps the invoking user, who must be able to write etc/client.keys.
    DefaultUser = Environment.UserName,
    Daemonizes = false,
    WritesPidFile = false,
};

var code = await new DaemonHost<AgentAuthOptions>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
    .RunAsync(args);
await Console.Out.FlushAsync();
return code;
