using OssecSharp.Core.Layout;

namespace OssecSharp.Control;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // ossec-control lives in DIR/bin; OSSEC_HOME overrides, as for every executable of ours.
        var paths = OssecPaths.ResolveForProcess(dashD: null);
        using var shutdown = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            shutdown.Cancel();
        };

        try
        {
            var tool = new ControlTool(paths, new ProcProcessProbe(), Console.Out, ControlTimings.Default);
            return await tool.RunAsync(args, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"ossec-control: ERROR: {ex.Message}");
            return 1;
        }
    }
}
