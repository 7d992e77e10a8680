using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>The real ossec-remoted executable, run as a process on loopback.</summary>
public sealed class RemotedProcessTests
{
    // Tests run as root on CI, where the ossec/ossecr accounts may exist: stay root so the throwaway install
    // (owned by root) stays writable. As another user this changes nothing.
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    private static string Config(int port) => $"""
        <ossec_config>
          <remote>
            <connection>secure</connection>
            <port>{port}</port>
            <protocol>udp,tcp</protocol>
            <local_ip>127.0.0.1</local_ip>
          </remote>
        </ossec_config>
        """;

    [Fact]
    public async Task Events_reach_the_archives_and_counters_survive_a_sigterm()
    {
        using var install = new TestInstall();
        var port = FreePort.UdpAndTcp();
        install.WriteConfig(Config(port));
        var udpLine = TestAgent.NewKeyLine("001", "web01");
        var tcpLine = TestAgent.NewKeyLine("002", "db01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), udpLine + "\n" + tcpLine + "\n");
        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        var pidFile = () => Directory.GetFiles(install.PathOf("var", "run"), "ossec-remoted-*.pid").Length == 1;
        (await ProcessRunner.WaitUntilAsync(pidFile, TimeSpan.FromSeconds(20))).Should().BeTrue(remoted.Stderr);

        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port);
        using var udp = new TestAgent(udpLine, endPoint);
        using var tcp = new TestAgent(tcpLine, endPoint, tcp: true);
        udp.Send("#!-agent startup ");
        (await udp.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        tcp.Send("#!-agent startup ");
        (await tcp.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        for (var i = 0; i < 50; i++)
        {
            udp.Send($"1:/var/log/auth.log:udp event {i}");
            tcp.Send($"1:/var/log/auth.log:tcp event {i}");
        }

        var archives = install.PathOf("logs", "archives", "archives.log");
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(archives) && File.ReadAllLines(archives).Length == 100, TimeSpan.FromSeconds(15))).Should().BeTrue();
        var lines = File.ReadAllLines(archives);
        lines.Should().Contain(l => l.EndsWith(" (web01) any->/var/log/auth.log udp event 49", StringComparison.Ordinal));
        lines.Should().Contain(l => l.EndsWith(" (db01) any->/var/log/auth.log tcp event 0", StringComparison.Ordinal));
        var json = File.ReadAllLines(install.PathOf("logs", "archives", "archives.json"));
        json.Should().HaveCount(100);
        using (var doc = JsonDocument.Parse(json[0]))
        {
            doc.RootElement.GetProperty("agent").GetProperty("ip").GetString().Should().Be("any");
            doc.RootElement.GetProperty("location").GetString().Should().EndWith("any->/var/log/auth.log");
        }

        var state = install.PathOf("var", "run", "ossec-remoted.state");
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(state) && File.ReadAllText(state).Contains("events=100\n", StringComparison.Ordinal), TimeSpan.FromSeconds(15)))
            .Should().BeTrue();

        // The same figures for node_exporter, strictly in Prometheus' format.
        var prom = install.PathOf("var", "run", "ossec-remoted.prom");
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(prom) && PromTextParser.Parse(File.ReadAllBytes(prom)).GetValueOrDefault("ossec_remoted_events_total") == 100,
            TimeSpan.FromSeconds(15))).Should().BeTrue();
        var metrics = PromTextParser.Parse(File.ReadAllBytes(prom));
        metrics["ossec_remoted_agents{status=\"active\"}"].Should().Be(2);
        metrics["ossec_remoted_agents{status=\"never_connected\"}"].Should().Be(0);
        metrics["ossec_remoted_discarded_total{reason=\"event_sink\"}"].Should().Be(0);
        metrics["ossec_remoted_rejected_total{reason=\"duplicate_counter\"}"].Should().Be(0);
        metrics["ossec_remoted_control_messages_total"].Should().Be(2);

        // archives.log is the hard link of today's day file, as analysisd keeps it (summed over days: midnight may pass).
        Directory.GetFiles(install.PathOf("logs", "archives"), "ossec-archive-*.log", SearchOption.AllDirectories)
            .Sum(f => File.ReadAllLines(f).Length).Should().Be(100);

        await remoted.StopAsync();
        remoted.ExitCode.Should().Be(1, "OSSEC's daemons exit 1 from their signal handler");
        File.ReadAllText(install.PathOf("queue", "rids", "001")).Should().Be("0:51:");
        File.ReadAllText(install.PathOf("queue", "rids", "002")).Should().Be("0:51:");
        install.ReadOssecLog().Should().Contain("ossec-remoted: INFO: Started (pid: ");
    }

    [Fact]
    public async Task Bad_configuration_and_missing_keys_exit_1_with_a_message()
    {
        using var install = new TestInstall();
        install.WriteConfig("<ossec_config><remote><connection>secure</connection><port>99999</port></remote></ossec_config>");
        var bad = await ProcessRunner.RunAsync("ossec-remoted", ["-t", "-D", install.Home]);
        bad.ExitCode.Should().Be(1);
        (bad.Stderr + install.ReadOssecLog()).Should().Contain("port");

        install.WriteConfig(Config(FreePort.UdpAndTcp()));
        var noKeys = await ProcessRunner.RunAsync("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        noKeys.ExitCode.Should().Be(1);
        install.ReadOssecLog().Should().Contain("(1402): ERROR: Authentication key file");
    }
}
