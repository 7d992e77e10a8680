using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>The real ossec-authd and agent-auth executables.</summary>
public sealed class EnrollmentProcessTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Missing_certificate_logs_ossecs_lines_and_exits_1(bool foreground)
    {
        using var install = new TestInstall();
        var cert = install.PathOf("etc", "sslmanager.cert");
        string[] args = foreground ? [.. DaemonAccount.SameAsTest, "-f", "-n", "-D", install.Home, "-p", "1515"] : [.. DaemonAccount.SameAsTest, "-n", "-D", install.Home, "-p", "1515"];

        await using var authd = await ProcessRunner.RunAsync("ossec-authd", args, TimeSpan.FromSeconds(30));

        authd.ExitCode.Should().Be(1);
        var log = install.ReadOssecLog();
        log.Should().Contain($"ossec-authd: ERROR: Unable to read certificate file (not found): {cert}\n");
        log.Should().Contain("ossec-authd: ERROR: SSL error. Exiting.\n");
    }

    [Fact]
    public async Task Bad_port_and_unknown_flag_exit_1_with_a_message()
    {
        using var install = new TestInstall();

        await using var badPort = await ProcessRunner.RunAsync("ossec-authd", [.. DaemonAccount.SameAsTest, "-f", "-D", install.Home, "-p", "70000"]);
        await using var badFlag = await ProcessRunner.RunAsync("ossec-authd", ["-Z"]);
        await using var version = await ProcessRunner.RunAsync("ossec-authd", ["-V"]);
        await using var noManager = await ProcessRunner.RunAsync("agent-auth", ["-D", install.Home]);

        badPort.ExitCode.Should().Be(1);
        install.ReadOssecLog().Should().Contain("ossec-authd: ERROR: Invalid port: 70000");
        badFlag.ExitCode.Should().Be(1);
        badFlag.Stderr.Should().Contain("ossec-authd: invalid option -- 'Z'");
        version.ExitCode.Should().Be(0);
        version.Stderr.Should().Contain("OSSEC HIDS v4.2.0");
        noManager.ExitCode.Should().Be(1);
        noManager.Stderr.Should().Contain("agent-auth: ERROR: Manager IP not set.");
    }

    [Fact]
    public async Task Agent_auth_process_enrolls_against_an_authd_process_with_a_password()
    {
        using var manager = new TestInstall();
        using var agent = new TestInstall("agent");
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, manager.PathOf("etc", "sslmanager.cert"), manager.PathOf("etc", "sslmanager.key"));
        File.WriteAllText(manager.PathOf("etc", "authd.pass"), "Sup3rSecret\n");
        File.WriteAllText(agent.PathOf("pass"), "Sup3rSecret\n");
        var port = FreePort.Tcp().ToString(CultureInfo.InvariantCulture);
        await using var authd = ProcessRunner.Start("ossec-authd", [.. DaemonAccount.SameAsTest, "-f", "-D", manager.Home, "-p", port]);
        (await ProcessRunner.WaitUntilAsync(() => manager.ReadOssecLog().Contains("Started (pid", StringComparison.Ordinal), TimeSpan.FromSeconds(20)))
            .Should().BeTrue(authd.Stderr);

        await using var run = await ProcessRunner.RunAsync("agent-auth",
            ["-D", agent.Home, "-m", "127.0.0.1", "-p", port, "-A", "proc-agent", "-P", agent.PathOf("pass")], TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().Be(
            "INFO: Using specified password.\n"
            + $"INFO: Connected to 127.0.0.1:{port}\n"
            + "INFO: Using agent name as: proc-agent\n"
            + "INFO: Send request to manager. Waiting for reply.\n"
            + "INFO: Valid key created. Finished.\n");
        var line = File.ReadAllText(agent.PathOf("etc", "client.keys"));
        line.Should().MatchRegex("^1024 proc-agent any [0-9a-f]{64}\n$");
        File.ReadAllText(manager.PathOf("etc", "client.keys")).Should().Be(line);
        // OSSEC prints this line without its daemon prefix; ours has the prefix every other line has.
        manager.ReadOssecLog().Should().Contain("ossec-authd: INFO: Accepting connections. Using password specified on file: ");
        // Each program logs under its own name (OSSEC's agent-auth borrows ossec-authd's).
        agent.ReadOssecLog().Should().Contain("agent-auth: INFO: Started (pid: ").And.NotContain("ossec-authd");
        await authd.StopAsync();
        Directory.GetFiles(manager.PathOf("var", "run"), "ossec-authd-*.pid").Should().BeEmpty();

        // The last figures are written at the stop, for the state file and node_exporter alike.
        var metrics = PromTextParser.Parse(File.ReadAllBytes(manager.PathOf("var", "run", "ossec-authd.prom")));
        metrics["ossec_authd_enrollments_total{result=\"added\"}"].Should().Be(1);
        metrics["ossec_authd_enrollments_total{result=\"duplicate_name\"}"].Should().Be(0);
        File.ReadAllText(manager.PathOf("var", "run", "ossec-authd.state")).Should().Contain("enrollments_added='1'\n");
    }

    [Fact]
    public async Task Agent_auth_reports_an_unreachable_manager()
    {
        using var agent = new TestInstall("agent");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var run = await ProcessRunner.RunAsync("agent-auth",
            ["-D", agent.Home, "-m", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-A", "x1"]);

        run.ExitCode.Should().Be(1);
        run.Stderr.Should().Contain($"agent-auth: ERROR: Unable to connect to 127.0.0.1:{port}");
        File.Exists(agent.PathOf("etc", "client.keys")).Should().BeFalse();
    }
}
