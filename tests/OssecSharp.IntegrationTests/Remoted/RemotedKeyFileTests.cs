using System.Net;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>A running ossec-remoted given a hostile client.keys: bad lines are logged once and never served.</summary>
public sealed class RemotedKeyFileTests
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Uname = "Linux web01 6.1.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0";
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    [Fact]
    public async Task An_agent_name_with_a_path_is_refused_and_its_control_message_creates_nothing_outside_the_install()
    {
        using var install = new TestInstall();
        var port = FreePort.UdpAndTcp();
        install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <protocol>udp</protocol>
                <local_ip>127.0.0.1</local_ip>
              </remote>
            </ossec_config>
            """);
        var good = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), $"{good}\n002 ../../../p5pwn 127.0.0.1 {K}\n003 bad 999.1.1.1 {K}\n");
        var escaped = Path.GetFullPath(Path.Combine(install.PathOf("queue", "agent-info"), "../../../p5pwn-127.0.0.1"));
        File.Delete(escaped);

        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        (await install.WaitForOssecLogAsync("Listening on port", TimeSpan.FromSeconds(20))).Should().Contain("Listening on port", remoted.Stderr);

        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        KeyIp.TryParse("127.0.0.1", out var ip).Should().BeTrue();
        using var hostile = new TestAgent(new KeyEntry("002", "../../../p5pwn", ip, K), endPoint);
        using var agent = new TestAgent(good, endPoint);
        for (var i = 0; i < 3; i++)
        {
            hostile.Send("#!-" + Uname + " / 0123\nx merged.mg\n");
        }

        agent.Send("#!-" + Uname + " / 0123\nx merged.mg\n");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(install.PathOf("queue", "agent-info", "web01-any")), TimeSpan.FromSeconds(15)))
            .Should().BeTrue("the good agent's keepalive, sent last, has been handled");

        File.Exists(escaped).Should().BeFalse("no file is ever named after an unchecked agent name");
        Directory.GetFiles(install.PathOf("queue", "agent-info")).Select(Path.GetFileName).Should().Equal("web01-any");
        var log = install.ReadOssecLog();
        log.Should().Contain("ossec-remoted: ERROR: client.keys line 2: agent '002' has an invalid name '../../../p5pwn' (only A-Z a-z 0-9 . _ - allowed); line skipped.");
        log.Should().Contain("ossec-remoted(1237): ERROR: Invalid ip address: '999.1.1.1'. (client.keys line 3: agent '003' skipped)");
        log.Should().Contain("Authentication keys loaded: 1 agents.");

        // A reload (the file changed) reports the same lines no second time.
        File.AppendAllText(install.PathOf("etc", "client.keys"), TestAgent.NewKeyLine("004", "db01") + "\n");
        (await install.WaitForOssecLogAsync("Authentication file changed", TimeSpan.FromSeconds(15))).Should().Contain("Authentication file changed");
        await Task.Delay(300);
        System.Text.RegularExpressions.Regex.Count(install.ReadOssecLog(), "invalid name").Should().Be(1);
    }
}
