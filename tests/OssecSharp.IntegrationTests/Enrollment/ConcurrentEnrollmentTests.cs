using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>
/// Many agents enrolling at once through two authd processes sharing one install while the real manage_agents
/// and an in-process writer add entries: no lost or duplicated IDs, and every key sent is on disk.
/// </summary>
public sealed class ConcurrentEnrollmentTests
{
    [Fact]
    public async Task Concurrent_enrollments_and_another_writer_lose_and_duplicate_nothing()
    {
        await using var authd = await AuthdHarness.StartAsync();
        var port = FreePort.Tcp();
        await using var second = ProcessRunner.Start("ossec-authd", [.. DaemonAccount.SameAsTest, "-f", "-n", "-D", authd.Install.Home, "-p", port.ToString(CultureInfo.InvariantCulture)]);
        var secondEndPoint = new IPEndPoint(IPAddress.Loopback, port);
        (await ProcessRunner.WaitUntilAsync(() => CanConnect(secondEndPoint), TimeSpan.FromSeconds(20)))
            .Should().BeTrue($"the second ossec-authd should listen; stderr: {second.Stderr}");

        var store = KeyStore.ForInstall(authd.Paths);

        // The real manage_agents adding agents (one process each) while agents enroll, plus in-process store writers.
        var manual = Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await using var tool = await ProcessRunner.RunAsync("manage_agents",
                    ["-D", authd.Install.Home, "-a", $"10.9.{i}.1", "-n", $"manual-{i}"], TimeSpan.FromSeconds(60));
                tool.ExitCode.Should().Be(0, tool.Stdout + tool.Stderr);
            }

            for (var i = 8; i < 30; i++)
            {
                var added = await store.AddAsync(new KeyAddRequest($"manual-{i}", $"10.0.{i}.1"));
                added.Succeeded.Should().BeTrue();
                await Task.Delay(5);
            }
        });
        var agents = Enumerable.Range(0, 40).Select(async i =>
        {
            using var agent = new AgentRunner();
            var target = i % 2 == 0 ? authd.EndPoint : secondEndPoint;
            var result = await agent.RunAsync(target, $"crowd-{i}");
            result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout));
            return agent.ClientKeys.TrimEnd('\n');
        }).ToList();

        var received = await Task.WhenAll(agents).WaitAsync(TimeSpan.FromSeconds(120));
        await manual.WaitAsync(TimeSpan.FromSeconds(60));

        var table = store.Load();
        table.Entries.Should().HaveCount(70);
        table.Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        table.Entries.Select(e => e.Name).Should().OnlyHaveUniqueItems();
        var onDisk = table.Entries.Select(e => e.ToLine()).ToHashSet();
        received.Should().OnlyContain(line => onDisk.Contains(line));
        received.Select(l => int.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).Should().OnlyContain(id => id >= 1024).And.OnlyHaveUniqueItems();
        table.Entries.Count(e => e.Name.StartsWith("manual-", StringComparison.Ordinal)).Should().Be(30);
    }

    private static bool CanConnect(IPEndPoint endPoint)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
