using System.Globalization;
using OssecSharp.IntegrationTests.Install;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// A manager or an agent installed as a sysadmin installs it: <c>scripts/install.sh</c> run as root with our
/// programs as it publishes them (NativeAOT), so every folder and file has the owner and mode of OSSEC 4.2's layout
/// (<c>vectors/layout.json</c>), the accounts ossec/ossecr and group ossec exist, and <c>ossec-control</c> starts
/// each daemon as root so that it drops to its own account. Needs root, as CI runs the tests.
/// </summary>
internal sealed class LayoutInstall
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private LayoutInstall(string home, string type)
    {
        Home = home;
        Type = type;
    }

    public string Home { get; }

    public string Type { get; }

    public Dictionary<string, string?> Env => new() { ["OSSEC_HOME"] = Home };

    public string PathOf(params string[] parts) => Path.Combine([Home, .. parts]);

    /// <summary>Installs a <paramref name="type"/> into <paramref name="home"/> with scripts/install.sh, as root.</summary>
    public static async Task<LayoutInstall> CreateAsync(string home, string type)
    {
        if (System.Environment.UserName != "root")
        {
            throw new InvalidOperationException("The layout tests install as a sysadmin does: run them as root (CI does).");
        }

        // The programs a user installs: NativeAOT, published by install.sh (built once per test run).
        var programs = await PublishedBuild.GetAsync();
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");
        var install = await ProcessRunner.RunAsync("/bin/bash",
            [script, "--type", type, "--prefix", home, "--stage", programs.Directory], TimeSpan.FromMinutes(2));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"install.sh failed ({install.ExitCode}): {install.Stdout}\n{install.Stderr}");
        }

        return new LayoutInstall(home, type);
    }

    /// <summary>Replaces the content of etc/ossec.conf, keeping the file's owner and mode.</summary>
    public void WriteConfig(string xml) => File.WriteAllText(PathOf("etc", "ossec.conf"), xml);

    /// <summary>Runs one of the install's own programs (from its bin/) as root.</summary>
    public Task<ProcessRunner> RunAsync(string program, string[] arguments, string? stdin = null) =>
        ProcessRunner.RunAsync(PathOf("bin", program), arguments, ToolTimeout, Env, stdin);

    public async Task ControlAsync(params string[] arguments)
    {
        var result = await RunAsync("ossec-control", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ossec-control {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stdout}\n{result.Stderr}\n{OssecLog}");
        }
    }

    public string OssecLog => File.Exists(PathOf("logs", "ossec.log")) ? File.ReadAllText(PathOf("logs", "ossec.log")) : string.Empty;

    public string Archives => File.Exists(PathOf("logs", "archives", "archives.log"))
        ? File.ReadAllText(PathOf("logs", "archives", "archives.log"))
        : string.Empty;

    /// <summary>Waits until <paramref name="text"/> appears in logs/ossec.log; returns the log as it then is.</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan timeout)
    {
        await ProcessRunner.WaitUntilAsync(() => OssecLog.Contains(text, StringComparison.Ordinal), timeout);
        return OssecLog;
    }

    /// <summary>The account (user name) a daemon of this install runs as, from its pid file and /proc.</summary>
    public string? AccountOf(string daemon)
    {
        foreach (var pidFile in Directory.GetFiles(PathOf("var", "run"), daemon + "-*.pid"))
        {
            var pid = File.ReadAllText(pidFile).Trim();
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status))
            {
                continue;
            }

            var uidLine = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var uid = uidLine?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];
            return File.ReadLines("/etc/passwd").Select(l => l.Split(':'))
                .FirstOrDefault(f => f.Length > 2 && f[2] == uid)?[0];
        }

        return null;
    }

    /// <summary><c>mode user:group</c> of a path, as <c>stat -c '%a %U:%G'</c> prints it.</summary>
    public static async Task<string> OwnerAndModeAsync(string path)
    {
        var stat = await ProcessRunner.RunAsync("/usr/bin/stat", ["-c", "%a %U:%G", path]);
        return stat.Stdout.Trim();
    }

    /// <summary>Stops whatever ossec-control started, and any authd left behind.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(PathOf("bin", "ossec-control")))
        {
            await ProcessRunner.RunAsync(PathOf("bin", "ossec-control"), ["stop"], ToolTimeout, Env);
        }

        if (!Directory.Exists(PathOf("var", "run")))
        {
            return;
        }

        foreach (var pidFile in Directory.GetFiles(PathOf("var", "run"), "*.pid"))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }
}
