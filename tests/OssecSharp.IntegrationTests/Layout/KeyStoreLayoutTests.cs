using System.Globalization;
using System.Net;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Interop;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// client.keys in OSSEC's own layout (vectors/layout.json): <c>etc/</c> is 550 root:ossec, client.keys 440 root:ossec,
/// ossec-authd starts as root and drops to <c>ossec</c>. Every enrollment must be a line of etc/client.keys itself by the
/// time agent-auth has its key, and root's manage_agents must keep the file's owner, group and mode. Needs root (CI runs
/// as root): it creates the accounts when missing and changes owners.
/// </summary>
public sealed class KeyStoreLayoutTests
{
    private const UnixFileMode Mode440 = UnixFileMode.UserRead | UnixFileMode.GroupRead;
    private const UnixFileMode Mode550 = Mode440 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute;
    private const UnixFileMode Mode640 = Mode440 | UnixFileMode.UserWrite;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Authd_dropped_to_ossec_enrolls_into_client_keys_itself_and_manage_agents_keeps_its_owner_and_mode()
    {
        Libc.IsRoot.Should().BeTrue("this test sets OSSEC's owners and starts ossec-authd as root, as ossec-control does (CI runs as root)");
        var (ossecUid, ossecGid) = await EnsureAccountsAsync();

        using var manager = new TestInstall();
        using var agent = new TestInstall("agent");
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, manager.PathOf("etc", "sslmanager.cert"), manager.PathOf("etc", "sslmanager.key"));
        var keys = manager.PathOf("etc", "client.keys");
        File.WriteAllText(keys, "001 existing any 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        LayOut(manager, ossecUid, ossecGid);
        Owner(keys).Should().Be((0u, ossecGid, Mode440));

        var port = FreePort.Tcp().ToString(CultureInfo.InvariantCulture);
        await using var authd = ProcessRunner.Start("ossec-authd", ["-f", "-n", "-D", manager.Home, "-p", port]);
        (await manager.WaitForOssecLogAsync("Started (pid", s_timeout)).Should().Contain("Started (pid", authd.Stderr);
        AccountOf(authd).Should().Be(ossecUid, "authd runs as ossec after start-up");
        Owner(keys).Should().Be((ossecUid, ossecGid, Mode640), "as OSSEC's authd: client.keys becomes ossec:ossec 0640 at start");

        var first = await EnrollAsync(agent, port, "layout-a");
        File.ReadAllLines(keys).Should().Contain(first, "the key is in etc/client.keys itself once agent-auth has it");
        Directory.GetFileSystemEntries(manager.PathOf("etc")).Select(Path.GetFileName).Should().NotContain(n => n!.StartsWith("client.keys.", StringComparison.Ordinal));

        // Root's manage_agents: remove and add keep owner, group and mode (no chmod 0440 as OSSEC's does).
        await RunAsRootAsync("manage_agents", ["-D", manager.Home, "-r", first.Split(' ')[0]]);
        await RunAsRootAsync("manage_agents", ["-D", manager.Home, "-a", "10.1.2.3", "-n", "by-hand"]);
        Owner(keys).Should().Be((ossecUid, ossecGid, Mode640));
        var afterTools = File.ReadAllLines(keys);
        afterTools.Should().Contain(l => l.StartsWith(first.Split(' ')[0] + " #*#*", StringComparison.Ordinal));
        afterTools.Should().Contain(l => l.Contains(" by-hand 10.1.2.3 ", StringComparison.Ordinal));

        // Even a file put back to 440 root:ossec (what OSSEC's manage_agents leaves) does not lock authd out: it writes
        // through the descriptor it opened as root. Root's manage_agents keeps that owner and mode too.
        Libc.Chown(keys, 0, ossecGid).Should().Be(0);
        File.SetUnixFileMode(keys, Mode440);
        await RunAsRootAsync("manage_agents", ["-D", manager.Home, "-a", "any", "-n", "by-hand2"]);
        Owner(keys).Should().Be((0u, ossecGid, Mode440));

        using var agent2 = new TestInstall("agent");
        var second = await EnrollAsync(agent2, port, "layout-b");
        File.ReadAllLines(keys).Should().Contain(second);
        File.ReadAllLines(keys).Select(l => l.Split(' ')[0]).Should().OnlyHaveUniqueItems();
        Owner(keys).Should().Be((0u, ossecGid, Mode440));
        Directory.GetFileSystemEntries(manager.PathOf("etc")).Select(Path.GetFileName).Should().NotContain(n => n!.StartsWith("client.keys.", StringComparison.Ordinal));
        manager.ReadOssecLog().Should().NotContain("ERROR");
        await authd.StopAsync();
    }

    // The folders and owners of layout.json that matter here: etc/ and the install 550 root:ossec, client.keys 440
    // root:ossec, logs and var/run writable by the ossec group.
    private static void LayOut(TestInstall install, uint ossecUid, uint ossecGid)
    {
        foreach (var dir in new[] { "logs", Path.Combine("var", "run") })
        {
            Libc.Chown(install.PathOf(dir), 0, ossecGid).Should().Be(0);
            File.SetUnixFileMode(install.PathOf(dir), Mode550 | UnixFileMode.GroupWrite | UnixFileMode.UserWrite);
        }

        foreach (var file in new[] { "ossec.conf", "internal_options.conf", "ossec-init.conf", "sslmanager.cert", "sslmanager.key" })
        {
            Libc.Chown(install.PathOf("etc", file), 0, ossecGid).Should().Be(0);
            File.SetUnixFileMode(install.PathOf("etc", file), Mode640);
        }

        // logs/ossec.log as layout.json has it (ossec:ossec 0660), so the daemon's lines after the drop are kept.
        File.WriteAllText(install.PathOf("logs", "ossec.log"), string.Empty);
        Libc.Chown(install.PathOf("logs", "ossec.log"), ossecUid, ossecGid).Should().Be(0);
        File.SetUnixFileMode(install.PathOf("logs", "ossec.log"), Mode640 | UnixFileMode.GroupWrite);
        Libc.Chown(install.PathOf("etc", "client.keys"), 0, ossecGid).Should().Be(0);
        File.SetUnixFileMode(install.PathOf("etc", "client.keys"), Mode440);
        foreach (var dir in new[] { "etc", "var", "." })
        {
            Libc.Chown(install.PathOf(dir), 0, ossecGid).Should().Be(0);
            File.SetUnixFileMode(install.PathOf(dir), Mode550);
        }
    }

    private static async Task<string> EnrollAsync(TestInstall agent, string port, string name)
    {
        await using var run = await ProcessRunner.RunAsync("agent-auth", ["-D", agent.Home, "-m", "127.0.0.1", "-p", port, "-A", name], s_timeout);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        var line = File.ReadAllText(agent.PathOf("etc", "client.keys")).TrimEnd('\n');
        line.Should().MatchRegex($"^\\d+ {name} any [0-9a-f]{{64}}$");
        return line;
    }

    private static async Task RunAsRootAsync(string tool, string[] args)
    {
        await using var run = await ProcessRunner.RunAsync(tool, args, s_timeout);
        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
    }

    private static (uint Uid, uint Gid, UnixFileMode Mode) Owner(string path)
    {
        Libc.TryStatx(path, out var st).Should().BeTrue();
        return (st.Uid, st.Gid, File.GetUnixFileMode(path));
    }

    private static uint AccountOf(ProcessRunner process)
    {
        var status = File.ReadAllLines($"/proc/{process.Pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    // OSSEC's accounts: group ossec, users ossec and ossecr in it (a fresh CI machine has none).
    private static async Task<(uint Uid, uint Gid)> EnsureAccountsAsync()
    {
        var users = new UserDatabase();
        if (users.FindGroup("ossec") is null)
        {
            await RunAsRootAsync("groupadd", ["-r", "ossec"]);
        }

        foreach (var user in new[] { "ossec", "ossecr" })
        {
            if (new UserDatabase().FindUser(user) is null)
            {
                await RunAsRootAsync("useradd", ["-r", "-g", "ossec", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "-M", user]);
            }
        }

        users = new UserDatabase();
        return (users.FindUser("ossec")!.Value.Uid, users.FindGroup("ossec")!.Value);
    }
}
