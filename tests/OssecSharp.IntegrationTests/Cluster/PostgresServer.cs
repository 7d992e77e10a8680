using System.Globalization;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>
/// A real PostgreSQL (Debian's package) for the cluster tests: <c>initdb</c> in a temporary folder as an unprivileged
/// account (<c>postgres</c>, else <c>nobody</c>, when the tests run as root), listening only on a unix socket in that
/// folder, started and stopped here. Trust authentication for the role <c>ossec</c>; no TCP port is opened.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new("ossec-pg-");
    private readonly string _bin;
    private readonly string? _account;

    private PostgresServer(string bin, string? account)
    {
        _bin = bin;
        _account = account;
    }

    public string SocketFolder => _folder.Path;

    public string ConnectionString => $"Host={SocketFolder};Username=ossec;Database=postgres;Timeout=5;Command Timeout=15";

    private string Data => _folder.Combine("data");

    /// <summary>Creates and starts a fresh cluster.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (Debian's postgresql package; .ci/run installs it).");
        }

        string? account = null;
        if (Environment.UserName == "root")
        {
            account = AccountExists("postgres") ? "postgres" : "nobody";
        }

        var server = new PostgresServer(bin, account);
        if (account is not null)
        {
            await using var chown = await ProcessRunner.RunAsync("/bin/chown", [account, server.SocketFolder], TimeSpan.FromSeconds(10));
            chown.ExitCode.Should().Be(0, chown.Stderr);
        }

        await server.RunAsync("initdb", ["-D", server.Data, "-A", "trust", "-U", "ossec", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Starts the server (again).</summary>
    public Task StartServerAsync() => RunAsync("pg_ctl", [
        "-D", Data, "-l", _folder.Combine("server.log"), "-w", "-t", "60",
        "-o", $"-k {SocketFolder} -c listen_addresses='' -c fsync=off -c max_connections=200", "start"]);

    /// <summary>Stops it (fast shutdown: clients are disconnected).</summary>
    public Task StopServerAsync() => RunAsync("pg_ctl", ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>The server's own log (for failure messages).</summary>
    public string ServerLog()
    {
        var path = _folder.Combine("server.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (Xunit.Sdk.XunitException)
        {
            // Already stopped.
        }

        _folder.Dispose();
    }

    private async Task RunAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        await using var run = _account is null
            ? await ProcessRunner.RunAsync(path, arguments, s_wait)
            : await ProcessRunner.RunAsync("/sbin/runuser", ["-u", _account, "--", path, .. arguments], s_wait);
        run.ExitCode.Should().Be(0, $"{tool}: {run.Stdout}{run.Stderr}\n{ServerLog()}");
    }

    private static bool AccountExists(string name) =>
        File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));
}
