using System.Net;
using System.Text.RegularExpressions;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Registry;
using OssecSharp.IntegrationTests.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>
/// The counter fence of docs/cluster.md with a real PostgreSQL and two real remoted nodes: when a node dies with
/// counters it never checkpointed, none of the messages it accepted can be replayed to the node that takes over, and
/// the honest agent is served there from its next start-up.
/// </summary>
public sealed partial class ClusterReplayTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_killed_before_its_checkpoint_leaves_no_replay_window_and_the_agent_goes_on_with_the_other_node()
    {
        await using var pg = await PostgresServer.StartAsync();
        var port = FreePort.UdpAndTcp();
        // Node A checkpoints once a minute: when it is killed, the registry has only the agent's start-up claim, and
        // every event A accepted lies above it, the widest window a takeover could reopen.
        using var a = new ClusterNodeInstall(pg, "node-a", "127.0.0.2", port, checkpointMs: 60_000);
        using var b = new ClusterNodeInstall(pg, "node-b", "127.0.0.3", port);
        var line = TestAgent.NewKeyLine("1024", "fenced");
        using (var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test")))
        {
            registry.EnsureSchema();
            registry.TryAdd(KeyTable.Parse(line + "\n").Entries.Single()).Should().BeTrue();
        }

        ProcessRunner? nodeA = a.StartRemoted();
        await using var nodeB = b.StartRemoted();
        try
        {
            (await ProcessRunner.WaitUntilAsync(() => a.ClientKeys().Contains(line) && b.ClientKeys().Contains(line), s_wait))
                .Should().BeTrue(nodeA.Stderr + nodeB.Stderr + a.Install.ReadOssecLog());
            await Task.Delay(500); // both listening

            var sentToA = new List<byte[]>();
            using (var agent = new TestAgent(line, new IPEndPoint(IPAddress.Parse(a.Address), port)))
            {
                sentToA.Add(agent.Send("#!-agent startup "));
                await Task.Delay(300);
                for (var i = 0; i < 200; i++)
                {
                    sentToA.Add(agent.Send($"1:app:event to a {i:D4}"));
                    if (i % 20 == 0)
                    {
                        await Task.Delay(20);
                    }
                }

                (await ProcessRunner.WaitUntilAsync(() => a.ArchivedLines(EventLine()).Count == 200, s_wait))
                    .Should().BeTrue(a.Install.ReadOssecLog() + a.State());
            }

            nodeA.Kill();
            await nodeA.DisposeAsync();
            nodeA = null;

            // An attacker replays everything node A accepted, start-up included, to node B.
            using (var attacker = new TestAgent(line, new IPEndPoint(IPAddress.Parse(b.Address), port)))
            {
                foreach (var datagram in sentToA)
                {
                    attacker.SendRaw(datagram);
                }
            }

            await Task.Delay(1500);
            b.ArchivedLines(EventLine()).Should().BeEmpty("no message node A accepted may be accepted by node B");

            // The honest agent moves over: its next start-up is above everything it sent to A.
            using (var agent = new TestAgent(line, new IPEndPoint(IPAddress.Parse(b.Address), port)))
            {
                agent.SetCounter(0, 201);
                agent.Send("#!-agent startup ");
                await Task.Delay(300);
                for (var i = 0; i < 50; i++)
                {
                    agent.Send($"1:app:event to b {i:D4}");
                }

                (await ProcessRunner.WaitUntilAsync(() => b.ArchivedLines(EventLine()).Count == 50, s_wait))
                    .Should().BeTrue(b.Install.ReadOssecLog() + b.State());

                // The registry goes away: node B keeps serving the agent it holds, from memory.
                await pg.StopServerAsync();
                for (var i = 50; i < 70; i++)
                {
                    agent.Send($"1:app:event to b {i:D4}");
                }

                (await ProcessRunner.WaitUntilAsync(() => b.ArchivedLines(EventLine()).Count == 70, s_wait))
                    .Should().BeTrue(b.Install.ReadOssecLog() + b.State());
                await pg.StartServerAsync();
            }

            b.ArchivedLines(EventLine()).Should().OnlyContain(l => l.StartsWith("event to b", StringComparison.Ordinal));
            using (var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test")))
            {
                (await ProcessRunner.WaitUntilAsync(() => registry.StoredCounter("1024") is { Node: "node-b" } s && s.Counter.Local >= 271, s_wait))
                    .Should().BeTrue($"node B checkpoints what it accepted: {registry.StoredCounter("1024")}");
            }
        }
        finally
        {
            if (nodeA is not null)
            {
                await nodeA.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("event to [ab] [0-9]{4}$")]
    private static partial Regex EventLine();
}
