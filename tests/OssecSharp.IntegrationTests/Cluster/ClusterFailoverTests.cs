using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OssecSharp.Core.Registry;
using OssecSharp.IntegrationTests.Agentd;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>
/// The cluster's "done when" test (issue #17): a real PostgreSQL, two remoted nodes and one authd on loopback, an
/// agent enrolled through authd whose configuration lists both nodes (OSSEC's failover list). The node serving the
/// agent is killed with SIGKILL mid-stream: the agent moves to the other node and no event is lost.
/// </summary>
public sealed partial class ClusterFailoverTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_killed_mid_stream_moves_the_agent_to_the_other_node_without_loss()
    {
        await using var pg = await PostgresServer.StartAsync();
        var port = FreePort.UdpAndTcp();
        using var a = new ClusterNodeInstall(pg, "node-a", "127.0.0.2", port);
        using var b = new ClusterNodeInstall(pg, "node-b", "127.0.0.3", port);

        // The agent enrolls through node A's authd (agent-auth, real TLS): its key exists only in the registry and
        // reaches node B's client.keys by notification.
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, a.Install.PathOf("etc", "sslmanager.cert"), a.Install.PathOf("etc", "sslmanager.key"));
        var authdPort = FreePort.Tcp();
        await using var authd = ProcessRunner.Start("ossec-authd",
            [.. DaemonAccount.SameAsTest, "-f", "-n", "-D", a.Install.Home, "-p", authdPort.ToString(CultureInfo.InvariantCulture)]);
        (await a.Install.WaitForOssecLogAsync("Started (pid", s_wait)).Should().Contain("Started", authd.Stderr);
        ProcessRunner? nodeA = a.StartRemoted();
        await using var nodeB = b.StartRemoted();
        using var agentInstall = NewAgent(port, a.Address, b.Address, out var followed);
        await using (var enroll = await ProcessRunner.RunAsync("agent-auth",
            ["-D", agentInstall.Home, "-m", "127.0.0.1", "-p", authdPort.ToString(CultureInfo.InvariantCulture), "-A", "roaming"], s_wait))
        {
            enroll.ExitCode.Should().Be(0, enroll.Stdout + enroll.Stderr);
        }

        var id = File.ReadAllText(agentInstall.PathOf("etc", "client.keys")).Split(' ')[0];
        (await ProcessRunner.WaitUntilAsync(() => b.ClientKeys().Contains($"{id} roaming ", StringComparison.Ordinal), s_wait))
            .Should().BeTrue(b.ClientKeys() + b.Install.ReadOssecLog());

        await using var agentd = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", agentInstall.Home]);
        try
        {
            (await ProcessRunner.WaitUntilAsync(() => AgentState(agentInstall).Contains("receipts='yes'", StringComparison.Ordinal), s_wait))
                .Should().BeTrue(agentd.Stderr + nodeA.Stderr + a.Install.ReadOssecLog());
            await Task.Delay(1500); // the follower has opened the file

            // About 500 lines/s for 8 s; node A is killed after 3 s.
            const int total = 4_000;
            var writing = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < total; i += 20)
                {
                    var text = new StringBuilder();
                    for (var j = i; j < i + 20; j++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"cluster line {j:D6}\n");
                    }

                    await File.AppendAllTextAsync(followed, text.ToString());
                    var due = TimeSpan.FromMilliseconds((i + 20) * 2.0);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(3));
            a.ArchivedLines(Line()).Should().NotBeEmpty("node A served the agent first");
            nodeA.Kill();
            await nodeA.DisposeAsync();
            nodeA = null;

            await writing.WaitAsync(s_wait);
            (await ProcessRunner.WaitUntilAsync(() => Distinct(a, b).Count == total, s_wait))
                .Should().BeTrue($"got {Distinct(a, b).Count} of {total}; agent: {AgentState(agentInstall)}\n{agentInstall.ReadOssecLog()}\n{b.Install.ReadOssecLog()}");
            var onB = b.ArchivedLines(Line()).Count;
            onB.Should().BeGreaterThan(0, "node B took the agent over");
            var duplicates = a.ArchivedLines(Line()).Count + onB - total;
            duplicates.Should().BeLessThanOrEqualTo(total / 50, "only events written but not yet confirmed by the killed node come again");
            agentInstall.ReadOssecLog().Should().Contain("127.0.0.3");

            // The status every node's agent_control reads: node B serves the agent, with the OS line of its keepalive.
            using var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test"));
            (await ProcessRunner.WaitUntilAsync(
                () => registry.Statuses().TryGetValue(id, out var s) && s.Node == "node-b" && s.Os is { Length: > 0 },
                s_wait)).Should().BeTrue(string.Join("; ", registry.Statuses().Values));
            registry.Statuses()[id].Os.Should().Contain(" - ", "the keepalive's first line is the uname and the version");
        }
        finally
        {
            if (nodeA is not null)
            {
                await nodeA.DisposeAsync();
            }
        }
    }

    private static HashSet<string> Distinct(ClusterNodeInstall a, ClusterNodeInstall b) =>
        [.. a.ArchivedLines(Line()), .. b.ArchivedLines(Line())];

    private static string AgentState(TestInstall agent)
    {
        var path = agent.PathOf("var", "run", "ossec-agentd.state");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static TestInstall NewAgent(int port, string first, string second, out string followed) => FollowingAgentInstall.Create(
        $"<server-ip>{first}</server-ip><server-ip>{second}</server-ip><port>{port}</port>"
        + "<notify_time>1</notify_time><time-reconnect>3</time-reconnect>",
        out followed,
        "<client_buffer><events_per_second>10000</events_per_second></client_buffer>");

    [GeneratedRegex("cluster line [0-9]{6}$")]
    private static partial Regex Line();
}
