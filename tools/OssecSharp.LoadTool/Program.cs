namespace OssecSharp.LoadTool;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            if (!LoadOptions.TryParse(args, out options, out var error))
            {
                await Console.Error.WriteLineAsync("ossec-loadtool: " + error);
                await Console.Error.WriteLineAsync(LoadOptions.Usage);
                return 2;
            }
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync("ossec-loadtool: " + e.Message);
            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        try
        {
            if (options.Command == "keys")
            {
                var path = KeyFileWriter.Write(options.Home, options.Registered, options.IpField);
                Console.WriteLine($"wrote {options.Registered} agents to {path}");
                return 0;
            }

            if (options.Command == "enroll")
            {
                var enrolled = await new EnrollmentLoadRunner(options, Console.Out).RunAsync(cts.Token);
                Console.Write(enrolled.ToString());
                return enrolled.Failed == 0 ? 0 : 3;
            }

            var report = await new LoadRunner(options, Console.Out).RunAsync(cts.Token);
            Console.Write(report.ToString());
            return report.Lost == 0 ? 0 : 3;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("ossec-loadtool: " + e.Message);
            return 1;
        }
    }
}
