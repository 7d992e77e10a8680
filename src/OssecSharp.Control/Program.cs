using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;

namespace OssecSharp.Control;

internal static class Program
{
    public static Task<int> Main(string[] args) => new ToolHost(new ToolSpec
    {
        Name = "ossec-control",
        RunAsync = context =>
        {
            // ossec-control lives in DIR/bin; OSSEC_HOME overrides, as for every executable of ours.
            var paths = OssecPaths.ResolveForProcess(dashD: null);
            return new ControlTool(paths, new ProcProcessProbe(), context.Stdout, ControlTimings.Default)
                .RunAsync(context.Args, context.Cancellation);
        },
        CancelOnInterrupt = true,
        ErrorLine = (ex, _) => ex is IOException or UnauthorizedAccessException ? $"ossec-control: ERROR: {ex.Message}" : null,
    }, Console.Out, Console.Error).RunAsync(args);
}
