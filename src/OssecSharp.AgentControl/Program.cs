namespace OssecSharp.AgentControl;

internal static class Program
{
    public static int Main(string[] args) =>
        new AgentControlTool(Console.Out, Console.Error, TimeProvider.System, HostIdentity.HostName).Run(args);
}
