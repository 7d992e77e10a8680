using System.Globalization;
using OssecSharp.Agentlessd.Running;
using OssecSharp.Core.Layout;
using Serilog;

namespace OssecSharp.Agentlessd;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? home = null;
        string? config = null;
        var debug = 0;
        bool foreground = false, test = false, once = false;
        var selectors = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-D" when i + 1 < args.Length: home = args[++i]; break;
                case "-c" when i + 1 < args.Length: config = args[++i]; break;
                case "-u" or "-g" when i + 1 < args.Length: i++; break;
                case "-d": debug++; break;
                case "-f": foreground = true; break;
                case "-t": test = true; break;
                case "-r": once = true; break;
                case "-n" when i + 1 < args.Length: selectors.Add(args[++i]); break;
                case "-V" or "-h": return 0;
                default:
                    if (args[i].StartsWith('-'))
                    {
                        await Console.Error.WriteLineAsync($"ossec-agentlessd: invalid option -- '{args[i].TrimStart('-')}'");
                        return 1;
                    }

                    selectors.Add(args[i]);
                    break;
            }
        }

        var paths = OssecPaths.ResolveForProcess(home);
        Directory.CreateDirectory(paths.Logs);
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Is(debug == 0 ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Debug)
            .WriteTo.Sink(new ShimLogSink(paths.OssecLog, foreground || test ? Console.Error : null))
            .CreateLogger();
        try
        {
            var agentless = AgentlessDaemon.LoadConfig(config ?? paths.OssecConf, paths, Log.Logger);
            if (agentless is null)
            {
                return 1;
            }

            if (test)
            {
                return 0;
            }

            if (agentless.Entries.Count == 0)
            {
                Log.Information("Not configured. Exiting.");
                return 0;
            }

            if (!AgentlessDaemon.CheckPassList(paths, Log.Logger))
            {
                return 1;
            }

            using var sink = new UnixQueueEventSink(paths.OssecQueueSocket, Log.Logger);
            var daemon = new AgentlessDaemon(paths, Log.Logger, agentless, sink, TimeProvider.System,
                TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(60));
            using var shutdown = new CancellationTokenSource();
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; shutdown.Cancel(); });
            if (once)
            {
                return await daemon.RunOnceAsync(selectors, shutdown.Token);
            }

            Log.Information("Started (pid: {Pid}).", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            try
            {
                await daemon.RunAsync(shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                Log.ForContext("OssecCode", 1225).Information("SIGNAL [(15)-(Terminated)] Received. Exit Cleaning...");
            }

            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
