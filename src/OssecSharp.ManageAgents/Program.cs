using System.Runtime.InteropServices;
using System.Text;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Registry;
using OssecSharp.ManageAgents.Input;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Raw descriptors, not Console: on a terminal the kernel's line discipline echoes and edits the line
        // (as for OSSEC's fgets), and Ctrl-D reads as end of input.
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var stdin = new StreamReader(new DescriptorStream(0), encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1);
        using var stdout = new StreamWriter(new DescriptorStream(1), encoding) { AutoFlush = true };
        using var stderr = new StreamWriter(new DescriptorStream(2), encoding) { AutoFlush = true };

        var gate = new object();
        var paths = OssecPaths.ResolveForProcess(ManageAgentsTool.InstallDirectory(args));
        ToolSession session;
        try
        {
            session = ManageAgentsTool.CreateSession(
                paths, stdin, stdout, stderr, Environment.GetEnvironmentVariable, gate, TimeProvider.System);
        }
        catch (Exception ex) when (ex is RegistryException or IOException or UnauthorizedAccessException)
        {
            // A cluster node's etc/ossecsharp-registry.conf that is invalid or unreadable: one line, as for client.keys.
            await stderr.WriteLineAsync($"{MenuText.Tool}: ERROR: {(FileAccessError.Matches(ex) ? FileAccessError.Describe(ex) : ex.Message)}");
            return 1;
        }

        var spec = new ToolSpec
        {
            Name = MenuText.Tool,
            // Signals are answered below with OSSEC's exit text, not by cancelling (CancelOnInterrupt stays off).
            RunAsync = context => Task.FromResult(new ManageAgentsTool(session, stdin).Run(context.Args)),
        };

        // SIGINT/SIGTERM: OSSEC's manage_shutdown. Taking the gate waits out a client.keys write in progress.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            lock (gate)
            {
                stdout.Write(MainMenu.ExitText(session.AdviseRestart));
                stdout.Flush();
                Environment.Exit(0);
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await new ToolHost(spec, stdout, stderr).RunAsync(args);
    }
}
