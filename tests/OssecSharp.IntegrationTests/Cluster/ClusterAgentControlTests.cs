using OssecSharp.Core.Counters;
using OssecSharp.Core.Registry;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>agent_control on a node that does not serve an agent shows it from the registry's status (the agent-info
/// file exists only on the serving node), and with the registry down still shows this node's view, saying so.</summary>
public sealed class ClusterAgentControlTests
{
    [Fact]
    public async Task An_agent_served_by_another_node_is_listed_active_and_the_registry_being_down_is_a_warning()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var node2 = new ClusterNodeInstall(pg, "node-2", "127.0.0.1", FreePort.UdpAndTcp());
        using var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test"));
        registry.EnsureSchema();
        await using (var add = await ProcessRunner.RunAsync("manage_agents", ["-D", node2.Install.Home, "-a", "10.1.1.1", "-n", "web-1"], TimeSpan.FromSeconds(60)))
        {
            add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        }

        var id = registry.ChangesSince(0).Single(r => !r.Removed && r.Name == "web-1").Id;
        (await ListAsync(node2)).Stdout.Should().Contain("Name: web-1, IP: 10.1.1.1, Never connected");

        // node-1 serves the agent: it claims it at the start-up and checkpoints what it accepted.
        registry.Claim(id, "node-1", new MessageCounter(5, 0)).Should().BeTrue();
        const string uname = "Linux web-1 6.1.0-13-amd64 #1 SMP x86_64 - OSSEC HIDS v4.2.0";
        registry.Checkpoint("node-1", [new CounterCheckpoint(id, new MessageCounter(5, 3), uname)]).Should().BeEmpty();
        await using (var list = await ListAsync(node2))
        {
            list.ExitCode.Should().Be(0, list.Stderr);
            list.Stdout.Should().Contain("Name: web-1, IP: 10.1.1.1, Active");
            list.Stderr.Should().BeEmpty();
        }

        // The OS line the serving node checkpointed is what -i shows here, where no agent-info file exists.
        await using (var info = await ProcessRunner.RunAsync("agent_control", ["-D", node2.Install.Home, "-i", id], TimeSpan.FromSeconds(60)))
        {
            info.ExitCode.Should().Be(0, info.Stderr);
            info.Stdout.Should().Contain("   Status:     Active\n")
                .And.Contain("   Operating system:    Linux web-1 6.1.0-13-amd64 #1 SMP x86_64\n")
                .And.Contain("   Client version:      OSSEC HIDS v4.2.0\n");
        }

        await pg.StopServerAsync();
        await using (var down = await ListAsync(node2))
        {
            down.ExitCode.Should().Be(0, down.Stderr);
            down.Stdout.Should().Contain("Name: web-1, IP: 10.1.1.1, Never connected");
            down.Stderr.Should().Contain("agent_control: WARNING:").And.Contain("Showing this node's view only.");
        }
    }

    private static Task<ProcessRunner> ListAsync(ClusterNodeInstall node) =>
        ProcessRunner.RunAsync("agent_control", ["-D", node.Install.Home, "-l"], TimeSpan.FromSeconds(60));
}
