using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>docs/operations.md's backup and restore commands, run against a manager with a talking agent.</summary>
public sealed partial class BackupRestoreTests
{
    [GeneratedRegex("<!-- (?<name>[a-z]+)-commands -->\\s*```sh\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CommandBlock();

    private static string DocCommands(string name, string home, string archive)
    {
        var doc = File.ReadAllText(Path.Combine(SharedReference.RepositoryRoot, "docs", "operations.md"));
        var block = CommandBlock().Matches(doc).Single(m => m.Groups["name"].Value == name).Groups["body"].Value;

        // ossec-control stop/start are the harness's StopAsync/Start here; the tar lines run as written.
        var lines = block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.Contains("ossec-control", StringComparison.Ordinal));
        return string.Join('\n', lines).Replace("/var/ossec", home, StringComparison.Ordinal)
            .Replace("/root/ossec-manager-backup.tgz", archive, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_backed_up_while_running_wiped_and_restored_takes_its_agent_back_with_counters_continuing()
    {
        using var install = new TestInstall();
        using var temp = new TempFolder();
        var archive = temp.Combine("backup.tgz");
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        File.WriteAllText(install.PathOf("etc", "sslmanager.cert"), "certificate\n");
        File.WriteAllText(install.PathOf("etc", "sslmanager.key"), "key\n");
        File.WriteAllText(install.PathOf("etc", "authd.pass"), "secret\n");

        byte[] old = [];
        await using (var remoted = RemotedHarness.Start(install))
        {
            using var agent = new TestAgent(line, remoted.UdpEndPoint);
            agent.SetCounter(3, 0);
            agent.Send("#!-agent startup ");
            (await agent.ReceiveAsOssecAsync()).Should().Be("#!-agent ack ");
            for (var i = 0; i < 300; i++)
            {
                var sent = agent.Send($"1:x:before {i}");
                old = i == 10 ? sent : old;
            }

            agent.Send("1:x:last before the backup");
            (await remoted.WaitForEventsAsync(301)).Should().BeTrue();

            // A hot backup: remoted keeps running while tar reads.
            var backup = await ProcessRunner.RunAsync("/bin/bash", ["-ec", DocCommands("backup", install.Home, archive)], TimeSpan.FromSeconds(60));
            backup.ExitCode.Should().Be(0, backup.Stderr);
            await remoted.StopAsync();
        }

        var savedCounter = File.ReadAllText(install.PathOf("queue", "rids", "001"));
        foreach (var dir in new[] { "etc", "queue" })
        {
            Directory.Delete(install.PathOf(dir), recursive: true);
        }

        foreach (var dir in new[] { "etc/shared", "queue/rids", "queue/agent-info", "queue/ossec", "queue/alerts", "queue/diff" })
        {
            Directory.CreateDirectory(install.PathOf(dir));
        }

        File.WriteAllText(install.PathOf("etc", "ossec-init.conf"), "TYPE=\"server\"\n");
        var restore = await ProcessRunner.RunAsync("/bin/bash", ["-ec", DocCommands("restore", install.Home, archive)], TimeSpan.FromSeconds(60));
        restore.ExitCode.Should().Be(0, restore.Stderr);
        File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be(line + "\n");
        File.ReadAllText(install.PathOf("etc", "sslmanager.key")).Should().Be("key\n");
        File.ReadAllText(install.PathOf("etc", "authd.pass")).Should().Be("secret\n");

        await using (var restored = RemotedHarness.Start(install))
        {
            // The agent (its counter in memory, as a running agent keeps it) talks to the restored manager.
            using var agent = new TestAgent(line, restored.UdpEndPoint);
            agent.SendRaw(old);
            agent.SetCounter(3, 302);
            agent.Send("1:x:after restore");
            (await restored.WaitForEventsAsync(1)).Should().BeTrue();
            await Task.Delay(200);
            restored.Events.Events.Should().Equal("1:(web01) any->x:after restore");
            restored.Daemon.Stats.RejectedTotal.Should().Be(1, "a message older than the backed-up counter is a replay");
            await restored.StopAsync();
        }

        var restoredCounter = File.ReadAllText(install.PathOf("queue", "rids", "001"));
        restoredCounter.Should().Be("3:303:");
        savedCounter.Should().NotBe(restoredCounter);
    }
}
