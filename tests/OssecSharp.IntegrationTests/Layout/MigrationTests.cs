using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// install.sh over an existing OSSEC 4.2 install, and --uninstall back to it. The OSSEC install is made from the
/// layout reference (vectors/layout.json): every folder and file with its owner and mode, the programs as small
/// shell scripts that say whose they are.
/// </summary>
public sealed class MigrationTests
{
    private const string KeyLine = "001 web01 any 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n";
    private const string OssecConf = "<ossec_config>\n  <global><email_notification>no</email_notification></global>\n</ossec_config>\n";

    [Fact]
    public async Task Install_sh_over_an_ossec_manager_replaces_the_ported_programs_keeps_the_rest_and_uninstall_puts_ossec_back()
    {
        using var folder = new TempFolder("ossec-migrate-");
        File.SetUnixFileMode(folder.Path, (UnixFileMode)0x1ED /* 0755 */);
        var home = folder.Combine("ossec");
        await FakeOssecInstall.CreateAsync(home, "server", KeyLine, OssecConf);
        var kept = new[] { "etc/ossec.conf", "etc/internal_options.conf", "etc/client.keys", "etc/sslmanager.cert", "queue/rids/001" };
        var before = await SnapshotAsync(home, [.. kept, "bin", "bin/ossec-remoted", "bin/ossec-analysisd"]);
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");

        var migrate = await ProcessRunner.RunAsync("/bin/bash", [script, "--prefix", home, "--stage", AppContext.BaseDirectory],
            TimeSpan.FromMinutes(2));

        migrate.ExitCode.Should().Be(0, migrate.Stdout + migrate.Stderr);
        migrate.Stdout.Should().Contain("found an OSSEC server install")
            .And.MatchRegex("replaced OSSEC's:.* ossec-remoted.* ossec-authd")
            .And.MatchRegex("not taken over .*ossec-analysisd.*ossec-monitord");
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-remoted")).Should().BeFalse("ossec-remoted is ours now");
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-control")).Should().BeFalse();
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-analysisd")).Should().BeTrue("OSSEC's analysisd stays");
        FakeOssecInstall.IsFake(Path.Combine(home, "backup", "ossec-bin", "bin", "ossec-remoted")).Should().BeTrue();
        var after = await SnapshotAsync(home, kept);
        foreach (var path in kept)
        {
            after[path].Should().Be(before[path], $"{path} is kept as it was (content, owner and mode)");
        }

        // Our ossec-control still manages OSSEC's own daemons (it knows OSSEC's list and runs what bin/ holds).
        var status = await ProcessRunner.RunAsync(Path.Combine(home, "bin", "ossec-control"), ["status"],
            TimeSpan.FromSeconds(60), new Dictionary<string, string?> { ["OSSEC_HOME"] = home });
        status.Stdout.Should().Contain("ossec-analysisd not running").And.Contain("ossec-remoted not running");

        var uninstall = await ProcessRunner.RunAsync("/bin/bash", [script, "--uninstall", "--prefix", home, "--yes"],
            TimeSpan.FromMinutes(2));

        uninstall.ExitCode.Should().Be(0, uninstall.Stdout + uninstall.Stderr);
        uninstall.Stdout.Should().Contain("OSSEC's binaries are back");
        var restored = await SnapshotAsync(home, [.. kept, "bin", "bin/ossec-remoted", "bin/ossec-analysisd"]);
        restored.Should().BeEquivalentTo(before);
        File.Exists(Path.Combine(home, "bin", "OssecSharp.Core.dll")).Should().BeFalse();
        File.Exists(Path.Combine(home, "bin", ".ossecsharp")).Should().BeFalse();
        Directory.Exists(Path.Combine(home, "backup", "ossec-bin")).Should().BeFalse();
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-control")).Should().BeTrue();
    }

    [Fact]
    public async Task Install_sh_over_an_ossec_agent_replaces_agentd_and_keeps_its_key_and_counters()
    {
        using var folder = new TempFolder("ossec-migrate-");
        File.SetUnixFileMode(folder.Path, (UnixFileMode)0x1ED /* 0755 */);
        var home = folder.Combine("ossec");
        await FakeOssecInstall.CreateAsync(home, "agent", KeyLine, OssecConf);
        var kept = new[] { "etc/ossec.conf", "etc/client.keys", "queue/rids/001" };
        var before = await SnapshotAsync(home, kept);
        var script = Path.Combine(SharedReference.RepositoryRoot, "scripts", "install.sh");

        var migrate = await ProcessRunner.RunAsync("/bin/bash", [script, "--prefix", home, "--stage", AppContext.BaseDirectory],
            TimeSpan.FromMinutes(2));

        migrate.ExitCode.Should().Be(0, migrate.Stdout + migrate.Stderr);
        migrate.Stdout.Should().Contain("found an OSSEC agent install").And.MatchRegex("not taken over .*ossec-logcollector");
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-agentd")).Should().BeFalse();
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-syscheckd")).Should().BeTrue();
        (await SnapshotAsync(home, kept)).Should().BeEquivalentTo(before);

        var uninstall = await ProcessRunner.RunAsync("/bin/bash", [script, "--uninstall", "--prefix", home, "--yes"],
            TimeSpan.FromMinutes(2));
        uninstall.ExitCode.Should().Be(0, uninstall.Stdout + uninstall.Stderr);
        FakeOssecInstall.IsFake(Path.Combine(home, "bin", "ossec-agentd")).Should().BeTrue();
    }

    /// <summary>Content (hashed), owner and mode of each path.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(string home, string[] paths)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.Combine(home, path);
            var content = File.Exists(full)
                ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(full)))
                : "dir";
            result[path] = $"{await LayoutInstall.OwnerAndModeAsync(full)} {content}";
        }

        return result;
    }
}
