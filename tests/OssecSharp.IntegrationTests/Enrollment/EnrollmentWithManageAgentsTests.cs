using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>
/// Enrollment storms append to client.keys while the real manage_agents adds and removes agents through the same lock.
/// Once an agent has its key, client.keys itself (the raw file, as a sysadmin or a real OSSEC daemon reads it) holds it,
/// exactly once, and no other file is ever created next to it.
/// </summary>
public sealed partial class EnrollmentWithManageAgentsTests
{
    private const int Waves = 3;
    private const int AgentsPerWave = 16;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Concurrent_enrollments_with_manage_agents_leave_every_key_once_in_client_keys()
    {
        await using var authd = await AuthdHarness.StartAsync();
        var keysPath = authd.Paths.ClientKeys;

        // manage_agents runs for the whole test: each add and remove a process of its own, taking the lock like authd.
        using var stop = new CancellationTokenSource();
        var manualAdded = new List<string>();
        var manualRemoved = new List<string>();
        var manualRuns = 0;
        var manual = Task.Run(async () =>
        {
            for (var i = 0; i < 12 && (i < 4 || !stop.IsCancellationRequested); i++)
            {
                var add = await ProcessRunner.RunAsync("manage_agents",
                    ["-D", authd.Install.Home, "-a", $"10.9.{i}.1", "-n", $"manual-{i}"], s_timeout);
                add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
                var id = AddedId().Match(add.Stdout).Groups[1].Value;
                manualAdded.Add(id);
                Interlocked.Increment(ref manualRuns);
                if (i % 2 == 1)
                {
                    var remove = await ProcessRunner.RunAsync("manage_agents", ["-D", authd.Install.Home, "-r", id], s_timeout);
                    remove.ExitCode.Should().Be(0, remove.Stdout + remove.Stderr);
                    manualRemoved.Add(id);
                    Interlocked.Increment(ref manualRuns);
                }
            }
        });

        var received = new List<string>();
        for (var wave = 0; wave < Waves; wave++)
        {
            // Each later storm starts only once manage_agents has changed client.keys again, so the two interleave.
            var runsBefore = 2 * wave;
            (await ProcessRunner.WaitUntilAsync(() => Volatile.Read(ref manualRuns) >= runsBefore || manual.IsCompleted, s_timeout))
                .Should().BeTrue();
            var agents = Enumerable.Range(0, AgentsPerWave).Select(i => EnrollAsync(authd, $"storm{wave}-{i:D2}")).ToList();
            var lines = await Task.WhenAll(agents).WaitAsync(s_timeout);
            received.AddRange(lines);

            // Every reply of the storm has been read: client.keys must hold each key.
            var raw = File.ReadAllLines(keysPath);
            foreach (var line in lines)
            {
                raw.Count(l => l == line).Should().Be(1, $"the key handed out as '{line[..20]}…' is in client.keys exactly once");
            }
        }

        await stop.CancelAsync();
        await manual.WaitAsync(s_timeout);

        var final = File.ReadAllLines(keysPath);
        final.Select(l => l.Split(' ')[0]).Should().OnlyHaveUniqueItems("no id is ever allocated twice");
        received.Should().HaveCount(Waves * AgentsPerWave).And.OnlyHaveUniqueItems();
        received.Should().OnlyContain(line => final.Count(l => l == line) == 1);
        received.Select(l => long.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Should().OnlyContain(id => id >= 1024);
        var live = final.Where(l => !l.Split(' ')[1].StartsWith('#')).Select(l => l.Split(' ')[0]).ToHashSet();
        live.Should().Contain(manualAdded.Except(manualRemoved));
        live.Should().NotContain(manualRemoved);
        final.Where(l => l.Contains(" #*#*#*#*#*#*#*#*#*#*#", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0]).Should().BeEquivalentTo(manualRemoved);
        final.Length.Should().Be(Waves * AgentsPerWave + manualAdded.Count);
        Directory.GetFiles(authd.Paths.Etc).Select(Path.GetFileName).Should().NotContain(n => n!.StartsWith("client.keys.", StringComparison.Ordinal));
    }

    private static async Task<string> EnrollAsync(AuthdHarness authd, string name)
    {
        using var agent = new AgentRunner();
        var result = await agent.RunAsync(authd.EndPoint, name);
        result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
        return agent.ClientKeys.TrimEnd('\n');
    }

    [GeneratedRegex(@"Agent added with ID (\d+)\.")]
    private static partial Regex AddedId();
}
