using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;

namespace OssecSharp.DaemonProbe;

/// <summary>
/// A test daemon: its configuration is valid when <c>etc/ossec.conf</c> contains no "broken"; it runs until
/// signalled, writing <c>var/run/probe.running</c> once started (with <c>-x</c> it fails while running).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var spec = new DaemonSpec<string>
        {
            Name = "ossecsharp-probe",
            CommandLine = OssecCommandSpec.ForDaemon("ossecsharp-probe", "ossec", "ossec", [new('x', null, "Fail after start")]),
            LoadConfig = context =>
            {
                var text = File.ReadAllText(context.ConfigFile);
                return text.Contains("broken", StringComparison.Ordinal)
                    ? throw new InvalidDataException($"{context.ConfigFile}:1: invalid element 'broken'.")
                    : text;
            },
            Create = (context, _) => new ProbeDaemon(context),
        };
        return await new DaemonHost<string>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error }).RunAsync(args);
    }
}
