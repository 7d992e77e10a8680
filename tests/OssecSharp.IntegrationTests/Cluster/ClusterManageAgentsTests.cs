using OssecSharp.Core.Registry;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>manage_agents on cluster nodes writes through the registry: an addition on one node is refused by name on
/// another, a removal reaches the registry, and with the registry down a change stops with one line and exit 1.</summary>
public sealed class ClusterManageAgentsTests
{
    [Fact]
    public async Task Manage_agents_adds_and_removes_through_the_registry_and_refuses_while_it_is_down()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var node1 = new ClusterNodeInstall(pg, "node-1", "127.0.0.1", FreePort.UdpAndTcp());
        using var node2 = new ClusterNodeInstall(pg, "node-2", "127.0.0.1", FreePort.UdpAndTcp());
        using var registry = new AgentRegistry(RegistrySettings.Parse([$"connection = {pg.ConnectionString}"], "test"));
        registry.EnsureSchema();

        await using (var add = await ProcessRunner.RunAsync("manage_agents", ["-D", node1.Install.Home, "-a", "10.1.1.1", "-n", "shared-name"], TimeSpan.FromSeconds(60)))
        {
            add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        }

        var live = registry.ChangesSince(0).Where(r => !r.Removed).ToList();
        live.Should().ContainSingle(r => r.Name == "shared-name" && r.IpField == "10.1.1.1");
        node1.ClientKeys().Should().Contain(live[0].ToLine());

        // The same name on the other node: refused by the registry, nothing written there.
        await using (var again = await ProcessRunner.RunAsync("manage_agents", ["-D", node2.Install.Home, "-a", "10.1.1.2", "-n", "shared-name"], TimeSpan.FromSeconds(60)))
        {
            node2.ClientKeys().Should().NotContain("shared-name", again.Stdout + again.Stderr);
        }

        registry.ChangesSince(0).Count(r => !r.Removed && r.Name == "shared-name").Should().Be(1);

        await using (var remove = await ProcessRunner.RunAsync("manage_agents", ["-D", node1.Install.Home, "-r", live[0].Id], TimeSpan.FromSeconds(60)))
        {
            remove.ExitCode.Should().Be(0, remove.Stdout + remove.Stderr);
        }

        registry.FindLive(live[0].Id).Should().BeNull();

        await pg.StopServerAsync();
        await using (var down = await ProcessRunner.RunAsync("manage_agents", ["-D", node1.Install.Home, "-a", "10.1.1.3", "-n", "while-down"], TimeSpan.FromSeconds(60)))
        {
            down.ExitCode.Should().Be(1, down.Stdout + down.Stderr);
            (down.Stdout + down.Stderr).Should().Contain("Agent registry unavailable");
        }

        node1.ClientKeys().Should().NotContain("while-down");
    }

    [Fact]
    public async Task An_invalid_registry_file_is_one_line_and_exit_1_not_a_crash()
    {
        using var install = new TestInstall("server");
        File.WriteAllText(install.PathOf("etc", RegistrySettings.FileName), "connection = Host=/nowhere\nnode = two words\n");

        await using var run = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-l"], TimeSpan.FromSeconds(60));

        run.ExitCode.Should().Be(1, run.Stdout + run.Stderr);
        run.Stderr.Trim().Should().Be($"manage_agents: ERROR: {install.PathOf("etc", RegistrySettings.FileName)}:2: node must be 1-64 characters without spaces.");
    }
}
