using System.Net;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>A full disk under the archives: remoted logs and counts the failed writes and keeps serving its agents.</summary>
public sealed class RemotedDiskFullTests
{
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    [Fact]
    public async Task Archive_writes_failing_with_ENOSPC_are_counted_and_logged_while_agents_are_still_served()
    {
        using var install = new TestInstall();
        var port = FreePort.UdpAndTcp();
        install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <local_ip>127.0.0.1</local_ip>
              </remote>
            </ossec_config>
            """);
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");

        // /dev/full fails every write with ENOSPC: archives.log behaves as on a full disk, archives.json does not.
        File.CreateSymbolicLink(install.PathOf("logs", "archives", "archives.log"), "/dev/full");
        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        (await install.WaitForOssecLogAsync("Started (pid: ", TimeSpan.FromSeconds(20))).Should().Contain("Started", remoted.Stderr);
        using var agent = new TestAgent(line, new IPEndPoint(IPAddress.Loopback, port));
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
        for (var i = 0; i < 20; i++)
        {
            agent.Send($"1:/var/log/app.log:event {i}");
        }

        var json = install.PathOf("logs", "archives", "archives.json");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(json) && File.ReadAllLines(json).Length == 20, TimeSpan.FromSeconds(15)))
            .Should().BeTrue(install.ReadOssecLog());
        var state = install.PathOf("var", "run", "ossec-remoted.state");
        (await ProcessRunner.WaitUntilAsync(
            () => File.Exists(state) && File.ReadAllText(state).Contains("archive_failures=20\n", StringComparison.Ordinal), TimeSpan.FromSeconds(15)))
            .Should().BeTrue(File.Exists(state) ? File.ReadAllText(state) : "no state file");
        install.ReadOssecLog().Should().Contain("(errno 28)");
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ", "reception goes on");
        remoted.HasExited.Should().BeFalse();
    }
}
