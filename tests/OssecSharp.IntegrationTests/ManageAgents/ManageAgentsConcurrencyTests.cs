using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.ManageAgents;

/// <summary>
/// Several writers at once: two bulk loads while a third process adds and removes agents. Every change goes
/// through the store's lock and atomic rewrite, so no acknowledged entry is lost and the file always parses.
/// </summary>
[Trait("Area", "ManageAgents")]
public sealed partial class ManageAgentsConcurrencyTests
{
    [Fact]
    public async Task Two_bulk_loads_and_concurrent_add_remove_lose_nothing_and_never_tear_the_file()
    {
        using var install = new TestInstall();
        var keysPath = install.PathOf("etc", "client.keys");
        File.WriteAllText(keysPath, string.Empty);
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };
        var bulkFiles = new[] { install.PathOf("bulk0.csv"), install.PathOf("bulk1.csv") };
        for (var b = 0; b < bulkFiles.Length; b++)
        {
            File.WriteAllLines(bulkFiles[b], Enumerable.Range(0, 800).Select(i => $"10.{b}.{i / 250}.{i % 250},bulk{b}-{i:D4}"));
        }

        using var stop = new CancellationTokenSource();
        var torn = new List<string>();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var line in File.ReadAllText(keysPath).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!WellFormed().IsMatch(line))
                    {
                        torn.Add(line);
                    }
                }

                await Task.Delay(5);
            }
        });

        var bulks = bulkFiles.Select(f => ProcessRunner.Start("manage_agents", ["-f", f], env)).ToList();
        var acknowledgedBySide = new List<(string Id, string Name)>();
        var removed = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var name = $"side{i:D2}";
            var add = await ProcessRunner.RunAsync("manage_agents", ["-a", "any", "-n", name], TimeSpan.FromSeconds(60), env);
            add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
            var id = AddedId().Match(add.Stdout).Groups[1].Value;
            acknowledgedBySide.Add((id, name));
            if (i % 3 == 0)
            {
                var remove = await ProcessRunner.RunAsync("manage_agents", ["-r", id], TimeSpan.FromSeconds(60), env);
                remove.ExitCode.Should().Be(0, remove.Stdout);
                removed.Add(id);
            }
        }

        foreach (var bulk in bulks)
        {
            await bulk.WaitForExitAsync(TimeSpan.FromSeconds(120));
        }

        await stop.CancelAsync();
        await watcher;

        bulks.Should().OnlyContain(b => b.ExitCode == 0);
        torn.Should().BeEmpty();
        var lines = File.ReadAllText(keysPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => l.Split(' ')[0]).Should().OnlyHaveUniqueItems("ids are allocated under the lock");
        var live = lines.Where(l => !l.Split(' ')[1].StartsWith('#')).Select(l => (Id: l.Split(' ')[0], Name: l.Split(' ')[1])).ToHashSet();

        var bulkOutput = string.Concat(bulks.Select(b => b.Stdout));
        AddedId().Matches(bulkOutput).Should().HaveCount(1600);
        var bulkNames = BulkInfo().Matches(bulkOutput).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        bulkNames.Should().HaveCount(1600);
        live.Should().Contain(bulkNames);
        live.Should().Contain(acknowledgedBySide.Where(a => !removed.Contains(a.Id)));
        live.Select(l => l.Id).Should().NotContain(removed);
    }

    [GeneratedRegex(@"^(\d+ [A-Za-z0-9._-]+ \S+ [0-9a-f]{64}|\d+ #\*#\*#\*#\*#\*#\*#\*#\*#\*#\*#[^\n]*)$")]
    private static partial Regex WellFormed();

    [GeneratedRegex(@"Agent added with ID (\d+)\.")]
    private static partial Regex AddedId();

    [GeneratedRegex(@"Agent information:\n   ID:(\d+)\n   Name:(\S+)\n")]
    private static partial Regex BulkInfo();
}
