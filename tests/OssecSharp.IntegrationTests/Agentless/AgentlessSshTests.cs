using System.Globalization;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>ossec-agentlessd and our scripts against a real sshd on loopback (key and password logins).</summary>
public sealed class AgentlessSshTests : IClassFixture<SshdFixture>
{
    private const string Integrity = "ssh_integrity_check_linux";
    private const string GenericDiff = "ssh_generic_diff";
    private readonly SshdFixture _sshd;

    public AgentlessSshTests(SshdFixture sshd) => _sshd = sshd;

    private string KeyHost => $"{SshdFixture.User}@127.0.0.1:{_sshd.Port.ToString(CultureInfo.InvariantCulture)}";

    private string PasswordHost => $"{SshdFixture.User}@localhost:{_sshd.Port.ToString(CultureInfo.InvariantCulture)}";

    [Fact]
    public async Task Integrity_check_reports_exactly_the_changed_added_and_removed_files()
    {
        using var tree = NewTree();
        File.WriteAllText(tree.Combine("a.txt"), "alpha\n");
        File.WriteAllText(tree.Combine("b.txt"), "bravo\n");
        File.WriteAllText(tree.Combine("name with spaces.txt"), "spaces\n");
        using var install = new AgentlessInstall(_sshd);
        (await install.RegisterAsync("add", KeyHost, "NOPASS")).ExitCode.Should().Be(0);
        install.WriteAgentless(AgentlessInstall.Block(Integrity, KeyHost, "periodic", tree.Path));
        var location = $"({Integrity}) {KeyHost}->syscheck";

        var first = await install.RunOnceAsync();
        first.ExitCode.Should().Be(0, install.OssecLog);
        var baseline = install.Analysisd!.Take();
        baseline.Should().BeEquivalentTo(
            new[] { "a.txt", "b.txt", "name with spaces.txt" }.Select(f => $"8:{location}:{AgentlessInstall.Checksum(tree.Combine(f))} {tree.Combine(f)}"));
        install.OssecLog.Should().Contain($"ossec-agentlessd: INFO: {Integrity}: {KeyHost}: Started.")
            .And.Contain($"ossec-agentlessd: INFO: {Integrity}: {KeyHost}: Finished.");

        (await install.RunOnceAsync()).ExitCode.Should().Be(0);
        install.Analysisd.Take().Should().BeEmpty("a cron pass without names runs only checks that are due");

        var oldA = AgentlessInstall.Sums("alpha\n");
        var oldB = AgentlessInstall.Checksum(tree.Combine("b.txt"));
        File.WriteAllText(tree.Combine("a.txt"), "alpha changed\n");
        File.Delete(tree.Combine("b.txt"));
        File.WriteAllText(tree.Combine("new file.txt"), "new\n");
        var newA = AgentlessInstall.Sums("alpha changed\n");

        var second = await install.RunOnceAsync(Integrity);
        second.ExitCode.Should().Be(0, install.OssecLog);
        var changes = install.Analysisd.Take();
        changes.Should().HaveCount(6, string.Join("\n", changes));
        changes.Should().Contain($"8:{location}:{AgentlessInstall.Checksum(tree.Combine("a.txt"))} {tree.Combine("a.txt")}");
        changes.Should().Contain($"8:{location}:-1 {tree.Combine("b.txt")}");
        changes.Should().Contain($"8:{location}:{AgentlessInstall.Checksum(tree.Combine("new file.txt"))} {tree.Combine("new file.txt")}");
        changes.Should().Contain(
            $"1:{location}:Integrity checksum changed for: '{tree.Combine("a.txt")}'\nSize changed from '6' to '14'\n"
            + $"Old md5sum was: '{oldA.Md5}'\nNew md5sum is : '{newA.Md5}'\nOld sha1sum was: '{oldA.Sha1}'\nNew sha1sum is : '{newA.Sha1}'");
        changes.Should().Contain($"1:{location}:File '{tree.Combine("b.txt")}' was deleted. Unable to retrieve checksum.");
        changes.Should().Contain($"1:{location}:New file '{tree.Combine("new file.txt")}' added to the file system.");
        oldB.Should().NotBeEmpty();
        var archives = File.ReadAllText(install.PathOf("logs", "archives", "archives.log"));
        archives.Should().Contain($"{location} Integrity checksum changed for: '{tree.Combine("a.txt")}'")
            .And.Contain($"{location} File '{tree.Combine("b.txt")}' was deleted.");
        File.ReadAllText(install.PathOf("logs", "archives", "archives.json")).Should().Contain(newA.Sha1);

        var third = await install.RunOnceAsync(Integrity);
        third.ExitCode.Should().Be(0);
        install.Analysisd.Take().Should().BeEmpty("nothing changed since the second pass");
        File.ReadAllText(install.PathOf("queue", "agentless", $"({Integrity}) {KeyHost}")).Should().Be("type: syscheck\n");
    }

    [Fact]
    public async Task Generic_diff_with_password_login_reports_the_changed_lines_and_never_trusts_remote_text()
    {
        using var tree = NewTree();
        var conf = tree.Combine("conf.txt");
        File.WriteAllText(conf, "setting=1\nINFO: remote text is not a log line\nERROR: nor an error\n");
        using var install = new AgentlessInstall(_sshd);
        (await install.RegisterAsync("add", PasswordHost, SshdFixture.Password)).ExitCode.Should().Be(0);
        var host = $"{SshdFixture.User}@localhost";
        install.WriteAgentless(AgentlessInstall.Block(GenericDiff, host, "periodic_diff", $"cat {conf}",
            $"\n    <port>{_sshd.Port.ToString(CultureInfo.InvariantCulture)}</port>"));

        var first = await install.RunOnceAsync();
        first.ExitCode.Should().Be(0, install.OssecLog);
        install.Analysisd!.Take().Should().BeEmpty("the first pass only stores the output");
        var diffDir = install.PathOf("queue", "diff", $"{host}->{GenericDiff}");
        File.ReadAllText(Path.Combine(diffDir, "last-entry")).Should().Be(File.ReadAllText(conf));

        File.WriteAllText(conf, "setting=2\nINFO: remote text is not a log line\nERROR: nor an error\n");
        var second = await install.RunOnceAsync(host);
        second.ExitCode.Should().Be(0, install.OssecLog);
        install.Analysisd.Take().Should().Equal(
            $"1:({GenericDiff}) {host}->agentless:ossec: agentless: Change detected:\n1c1\n< setting=1\n---\n> setting=2\n");
        install.OssecLog.Should().NotContain("remote text is not a log line").And.NotContain("nor an error")
            .And.NotContain(SshdFixture.Password);
        File.ReadAllText(install.PathOf("queue", "agentless", $"({GenericDiff}) {host}")).Should().Be("type: diff\n");
        Directory.GetFiles(diffDir, "diff.*").Should().ContainSingle();
    }

    [Fact]
    public async Task Wrong_password_unreachable_host_and_changed_host_key_fail_clearly_without_reports()
    {
        using var tree = NewTree();
        File.WriteAllText(tree.Combine("a.txt"), "alpha\n");
        using var install = new AgentlessInstall(_sshd);
        var deadHost = $"{SshdFixture.User}@127.0.0.1:{FreePort.Tcp().ToString(CultureInfo.InvariantCulture)}";
        (await install.RegisterAsync("add", PasswordHost, "Wrong-Pass9")).ExitCode.Should().Be(0);
        (await install.RegisterAsync("add", deadHost, "NOPASS")).ExitCode.Should().Be(0);
        (await install.RegisterAsync("add", KeyHost, "NOPASS")).ExitCode.Should().Be(0);
        var knownHosts = install.PathOf(".ssh", "known_hosts");
        var forged = SshdFixture.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", install.PathOf("forged")]);
        forged.Should().BeEmpty();
        var forgedKey = File.ReadAllText(install.PathOf("forged.pub")).Split(' ')[..2];
        File.WriteAllLines(knownHosts, File.ReadAllLines(knownHosts).Select(l =>
            l.StartsWith($"[127.0.0.1]:{_sshd.Port.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal)
                ? $"[127.0.0.1]:{_sshd.Port.ToString(CultureInfo.InvariantCulture)} {forgedKey[0]} {forgedKey[1]}" : l));
        install.WriteAgentless(
            AgentlessInstall.Block(Integrity, PasswordHost, "periodic", tree.Path),
            AgentlessInstall.Block(Integrity, deadHost, "periodic", tree.Path),
            AgentlessInstall.Block(Integrity, KeyHost, "periodic", tree.Path));

        var run = await install.RunOnceAsync();

        run.ExitCode.Should().Be(2, install.OssecLog);
        var log = install.OssecLog;
        log.Should().Contain($"ossec-agentlessd: ERROR: {Integrity}: {PasswordHost}: Incorrect password to remote host: {PasswordHost} .");
        log.Should().Contain($"ossec-agentlessd: ERROR: {Integrity}: {deadHost}: Unable to connect to remote host: {deadHost} .");
        log.Should().Contain($"ossec-agentlessd: ERROR: {Integrity}: {KeyHost}: Host key for '{KeyHost}' has changed. Unable to access.");
        log.Should().NotContain("Wrong-Pass9");
        install.Analysisd!.Take().Should().BeEmpty();
        Directory.GetFiles(install.PathOf("queue", "agentless")).Should().BeEmpty("no host completed a run");
    }

    [Fact]
    public async Task Daemon_tests_the_type_runs_the_check_and_stops_on_sigterm()
    {
        using var tree = NewTree();
        File.WriteAllText(tree.Combine("a.txt"), "alpha\n");
        using var install = new AgentlessInstall(_sshd);
        (await install.RegisterAsync("add", KeyHost, "NOPASS")).ExitCode.Should().Be(0);
        install.WriteAgentless(AgentlessInstall.Block(Integrity, KeyHost, "periodic", tree.Path));

        await using var daemon = ProcessRunner.Start("ossec-agentlessd", ["-D", install.Home, "-f"]);
        var finished = await ProcessRunner.WaitUntilAsync(
            () => install.OssecLog.Contains($"{Integrity}: {KeyHost}: Finished.", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        finished.Should().BeTrue(install.OssecLog + daemon.Stderr);
        await ProcessRunner.WaitUntilAsync(() => install.Analysisd!.Messages.Count > 0, TimeSpan.FromSeconds(5));
        await daemon.StopAsync(TimeSpan.FromSeconds(15));

        var log = install.OssecLog;
        log.Should().Contain($"ossec-agentlessd: INFO: Test passed for '{Integrity}'.");
        log.Should().MatchRegex(@"ossec-agentlessd: INFO: Started \(pid: \d+\)\.");
        log.IndexOf("Test passed", StringComparison.Ordinal).Should().BeLessThan(log.IndexOf($"{KeyHost}: Started.", StringComparison.Ordinal));
        install.Analysisd!.Messages.Should().ContainSingle().Which.Should().EndWith(" " + tree.Combine("a.txt"));
    }

    private static TempFolder NewTree()
    {
        var tree = new TempFolder("agentless-tree-");
        File.SetUnixFileMode(tree.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        return tree;
    }
}
