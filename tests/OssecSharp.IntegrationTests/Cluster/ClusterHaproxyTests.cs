using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OssecSharp.IntegrationTests.Enrollment;
using OssecSharp.IntegrationTests.Remoted;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>
/// The documented HAProxy configuration (<c>etc/cluster/haproxy.cfg</c>, Debian's haproxy) in front of two nodes:
/// an agent enrolls through it on 1515, sends events through it over TCP on 1514, and when the node behind its
/// connection is killed, reconnects through it to the other node and goes on.
/// </summary>
public sealed partial class ClusterHaproxyTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agents_enroll_and_send_through_the_documented_haproxy_and_survive_the_loss_of_a_node()
    {
        await using var pg = await PostgresServer.StartAsync();
        var remotedPort = FreePort.UdpAndTcp();
        using var a = new ClusterNodeInstall(pg, "node-a", "127.0.0.2", remotedPort, protocol: "tcp");
        using var b = new ClusterNodeInstall(pg, "node-b", "127.0.0.3", remotedPort, protocol: "tcp");
        var (authdPortA, authdPortB) = (FreePort.Tcp(), FreePort.Tcp());
        await using var authdA = await StartAuthdAsync(a, authdPortA);
        await using var authdB = await StartAuthdAsync(b, authdPortB);
        var nodes = new Dictionary<ClusterNodeInstall, ProcessRunner?> { [a] = a.StartRemoted(), [b] = b.StartRemoted() };

        using var folder = new TempFolder("ossec-haproxy-");
        var (agentsPort, enrollPort) = (FreePort.Tcp(), FreePort.Tcp());
        var config = File.ReadAllText(Path.Combine(SharedReference.RepositoryRoot, "etc", "cluster", "haproxy.cfg"))
            .Replace("bind :1514", $"bind 127.0.0.1:{agentsPort}", StringComparison.Ordinal)
            .Replace("bind :1515", $"bind 127.0.0.1:{enrollPort}", StringComparison.Ordinal)
            .Replace("192.0.2.10:1514", $"127.0.0.2:{remotedPort}", StringComparison.Ordinal)
            .Replace("192.0.2.11:1514", $"127.0.0.3:{remotedPort}", StringComparison.Ordinal)
            .Replace("192.0.2.10:1515", $"127.0.0.1:{authdPortA}", StringComparison.Ordinal)
            .Replace("192.0.2.11:1515", $"127.0.0.1:{authdPortB}", StringComparison.Ordinal);
        config.Should().NotContain("192.0.2.");
        File.WriteAllText(folder.Combine("haproxy.cfg"), config);
        foreach (var node in new[] { a, b })
        {
            (await node.Install.WaitForOssecLogAsync("ossec-remoted: INFO: Started", s_wait)).Should().Contain("ossec-remoted: INFO: Started");
        }

        await using var haproxy = ProcessRunner.Start("/usr/sbin/haproxy", ["-db", "-f", folder.Combine("haproxy.cfg")]);
        try
        {
            (await ProcessRunner.WaitUntilAsync(() => CanConnect(agentsPort) && CanConnect(enrollPort), s_wait)).Should().BeTrue(haproxy.Stderr);

            string line;
            using (var enrolling = new AgentRunner())
            {
                var result = await enrolling.RunAsync(new IPEndPoint(IPAddress.Loopback, enrollPort), "behind-haproxy");
                result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
                line = enrolling.ClientKeys.TrimEnd('\n');
            }

            var id = line.Split(' ')[0];
            (await ProcessRunner.WaitUntilAsync(() => a.ClientKeys().Contains(line) && b.ClientKeys().Contains(line), s_wait))
                .Should().BeTrue(a.ClientKeys() + b.ClientKeys());
            await Task.Delay(1000); // remoted re-read client.keys

            var proxy = new IPEndPoint(IPAddress.Loopback, agentsPort);
            await SendRunAsync(line, proxy, 1, () => Archived(a).Concat(Archived(b)).Distinct().Count() >= 50);
            var first = Archived(a).Count >= 50 ? a : b;
            var second = first == a ? b : a;
            Archived(second).Should().BeEmpty("the agent's connection went to one node");
            nodes[first]!.Kill();
            await nodes[first]!.DisposeAsync();
            nodes[first] = null;

            // The agent connects again through the same address and lands on the node still up.
            await SendRunAsync(line, proxy, 10, () => Archived(second).Distinct().Count() >= 50);
            Archived(second).Distinct().Should().HaveCount(50, second.Install.ReadOssecLog() + haproxy.Stderr);
            id.Should().NotBeEmpty();
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
    }

    // An agent's session through the proxy: a new connection, its start-up, 50 events; tried again (a new connection,
    // higher counters) while HAProxy has not yet seen that a node died, at most five times.
    private static async Task SendRunAsync(string line, IPEndPoint proxy, uint global, Func<bool> done)
    {
        for (var attempt = 0; attempt < 5 && !done(); attempt++)
        {
            using var agent = new TestAgent(line, proxy, tcp: true);
            agent.SetCounter(global + (uint)attempt, 0);
            try
            {
                agent.Send("#!-agent startup ");
                await Task.Delay(300);
                for (var i = 0; i < 50; i++)
                {
                    agent.Send($"1:app:through haproxy {i:D4}");
                }
            }
            catch (SocketException)
            {
                // The proxy's connection to a node went away: try again.
            }

            await ProcessRunner.WaitUntilAsync(done, TimeSpan.FromSeconds(5));
        }
    }

    private static List<string> Archived(ClusterNodeInstall node) => node.ArchivedLines(Line());

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<ProcessRunner> StartAuthdAsync(ClusterNodeInstall node, int port)
    {
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, node.Install.PathOf("etc", "sslmanager.cert"), node.Install.PathOf("etc", "sslmanager.key"));
        var authd = ProcessRunner.Start("ossec-authd",
            [.. DaemonAccount.SameAsTest, "-f", "-n", "-D", node.Install.Home, "-p", port.ToString(CultureInfo.InvariantCulture)]);
        (await node.Install.WaitForOssecLogAsync("Started (pid", s_wait)).Should().Contain("Started", authd.Stderr);
        return authd;
    }

    [GeneratedRegex("through haproxy [0-9]{4}$")]
    private static partial Regex Line();
}
