using System.Globalization;
using System.Net;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Registry;
using OssecSharp.IntegrationTests.Enrollment;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>
/// Two ossec-authd nodes enrolling into one registry at once (real PostgreSQL, real TLS, agent-auth's protocol):
/// unique ids and names across the cluster, every key sent is in the registry, and a remoted node materialises every
/// agent in its client.keys from notifications. With the registry stopped, authd refuses with a clear error and
/// enrolls again once it is back; remoted catches up with what it missed.
/// </summary>
public sealed class ClusterEnrollmentTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_authd_nodes_enrolling_at_once_give_unique_ids_and_names_and_remoted_nodes_learn_every_agent()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var node1 = new ClusterNodeInstall(pg, "node-1", "127.0.0.1", FreePort.UdpAndTcp());
        using var node2 = new ClusterNodeInstall(pg, "node-2", "127.0.0.1", FreePort.UdpAndTcp());
        var (port1, authd1) = await StartAuthdAsync(node1);
        await using var first = authd1;
        var (port2, authd2) = await StartAuthdAsync(node2);
        await using var second = authd2;
        await using var remoted = node1.StartRemoted();

        // The same six names asked on both nodes at once, and twelve distinct ones.
        var agents = Enumerable.Range(0, 24).Select(async i =>
        {
            using var agent = new AgentRunner();
            var target = new IPEndPoint(IPAddress.Loopback, i % 2 == 0 ? port1 : port2);
            var name = i < 12 ? $"same-{i / 2}" : $"crowd-{i}";
            var result = await agent.RunAsync(target, name);
            result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
            return KeyTable.Parse(agent.ClientKeys).Entries.Single();
        }).ToList();
        var received = await Task.WhenAll(agents).WaitAsync(TimeSpan.FromSeconds(120));

        received.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        received.Select(e => e.Name).Should().OnlyHaveUniqueItems();
        received.Select(e => e.Name).Should().Contain(Enumerable.Range(0, 6).SelectMany(i => new[] { $"same-{i}", $"same-{i}2" }));
        received.Select(e => long.Parse(e.Id, CultureInfo.InvariantCulture)).Should().OnlyContain(id => id >= 1024);

        // Every node's client.keys ends up with every key sent (the remoted node through LISTEN/NOTIFY).
        foreach (var node in new[] { node1, node2 })
        {
            (await ProcessRunner.WaitUntilAsync(() => HasAll(node, received), s_wait))
                .Should().BeTrue($"{node.Node}: {node.ClientKeys()}\n{node.Install.ReadOssecLog()}");
        }

        // The registry stops: enrollments are refused with a clear line; known keys stay.
        await pg.StopServerAsync();
        using (var agent = new AgentRunner())
        {
            var refused = await agent.RunAsync(new IPEndPoint(IPAddress.Loopback, port1), "while-down");
            refused.ExitCode.Should().NotBe(0);
        }

        (await node1.Install.WaitForOssecLogAsync("enrollment(s) refused", s_wait)).Should().Contain("Agent registry unavailable");

        // Back: enrollments go on, and remoted catches up with an agent added while it was reconnecting.
        await pg.StartServerAsync();
        using (var agent = new AgentRunner())
        {
            var later = await agent.RunAsync(new IPEndPoint(IPAddress.Loopback, port2), "after-restart");
            later.ExitCode.Should().Be(0, string.Join("\n", later.Stdout.Concat(later.Stderr)));
            var entry = KeyTable.Parse(agent.ClientKeys).Entries.Single();
            (await ProcessRunner.WaitUntilAsync(() => HasAll(node1, [entry]), s_wait))
                .Should().BeTrue(node1.ClientKeys() + node1.Install.ReadOssecLog() + remoted.Stderr);
        }

        KeyTable.Parse(node1.ClientKeys()).Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems().And.HaveCount(25);
    }

    [Fact]
    public async Task With_F_a_silent_agent_is_replaced_in_the_registry_and_one_another_node_saw_lately_is_not()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var node1 = new ClusterNodeInstall(pg, "node-1", "127.0.0.1", FreePort.UdpAndTcp());
        var (port, authd) = await StartAuthdAsync(node1, "-F", "3600");
        await using var _ = authd;
        using var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test"));
        var target = new IPEndPoint(IPAddress.Loopback, port);

        async Task<KeyEntry> EnrollAsync(string name)
        {
            using var agent = new AgentRunner();
            var result = await agent.RunAsync(target, name);
            result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
            return KeyTable.Parse(agent.ClientKeys).Entries.Single();
        }

        // Never connected: the host re-installed gets its name back under a new id; the old id is removed.
        var first = await EnrollAsync("rebuilt");
        var second = await EnrollAsync("rebuilt");
        second.Name.Should().Be("rebuilt");
        second.Id.Should().NotBe(first.Id);
        registry.FindLive(first.Id).Should().BeNull("the silent agent was replaced");
        (await node1.Install.WaitForOssecLogAsync($"Agent {first.Id} (rebuilt, ", s_wait))
            .Should().Contain("replaced by a new enrollment of rebuilt").And.Contain("never connected");

        // Seen a moment ago by another node (its checkpoint): not silent, so OSSEC's name2 rule applies.
        registry.Claim(second.Id, "node-2", new MessageCounter(7, 0)).Should().BeTrue();
        registry.Checkpoint("node-2", [new CounterCheckpoint(second.Id, new MessageCounter(7, 1), null)]).Should().BeEmpty();
        var third = await EnrollAsync("rebuilt");
        third.Name.Should().Be("rebuilt2");
        registry.FindLive(second.Id).Should().NotBeNull();

        (await ProcessRunner.WaitUntilAsync(() => HasAll(node1, [second, third]) && KeyTable.Parse(node1.ClientKeys()).FindById(first.Id) is null, s_wait))
            .Should().BeTrue(node1.ClientKeys());
    }

    private static bool HasAll(ClusterNodeInstall node, IEnumerable<KeyEntry> entries)
    {
        var table = KeyTable.Parse(node.ClientKeys());
        return entries.All(e => table.FindById(e.Id) is { } mine && mine.Key == e.Key && mine.Name == e.Name);
    }

    private static async Task<(int Port, ProcessRunner Authd)> StartAuthdAsync(ClusterNodeInstall node, params string[] extra)
    {
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, node.Install.PathOf("etc", "sslmanager.cert"), node.Install.PathOf("etc", "sslmanager.key"));
        var port = FreePort.Tcp();
        var authd = ProcessRunner.Start("ossec-authd",
            [.. DaemonAccount.SameAsTest, "-f", "-n", "-D", node.Install.Home, "-p", port.ToString(CultureInfo.InvariantCulture), .. extra]);
        (await node.Install.WaitForOssecLogAsync("Started (pid", s_wait)).Should().Contain("Started", authd.Stderr);
        return (port, authd);
    }
}
