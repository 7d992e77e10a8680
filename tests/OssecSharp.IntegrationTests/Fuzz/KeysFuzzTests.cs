using System.Text;
using OssecSharp.IntegrationTests.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// Bounded, seeded fuzzing of the key loaders through the executables: client.keys lines (manage_agents -l, then
/// ossec-remoted) and key strings (manage_agents -i on an agent). Each must end with an exit code, never a crash,
/// and a good agent or key must still be served afterwards.
/// </summary>
public sealed class KeysFuzzTests
{
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    [Fact]
    public async Task Fuzzed_client_keys_lines_never_crash_the_loaders_and_a_good_agent_is_served()
    {
        var budget = new FuzzBudget("client-keys-line");
        var samples = new[]
        {
            TestAgent.NewKeyLine("001", "web01", "10.0.0.1"),
            TestAgent.NewKeyLine("002", "db-02", "any"),
            TestAgent.NewKeyLine("003", "net3", "192.168.0.0/24"),
            "#004 removed any " + new string('a', 64),
            "005 !removed 10.0.0.5 " + new string('b', 64),
        };
        var mutator = new Mutator(budget.Seed, samples);
        var good = TestAgent.NewKeyLine("999", "goodagent");
        using var install = new TestInstall();
        var keysPath = install.PathOf("etc", "client.keys");
        var runs = 0;
        while (budget.Next())
        {
            // A file of fuzzed lines around the good one; fuzzed lines that would shadow it are left out.
            var lines = Enumerable.Range(0, 20).Select(_ => mutator.NextText(600).Replace("\n", " ", StringComparison.Ordinal))
                .Where(l => !l.Contains("999", StringComparison.Ordinal) && !l.Contains("goodagent", StringComparison.Ordinal))
                .Append(good).OrderBy(_ => mutator.Random.Next()).ToList();
            File.WriteAllText(keysPath, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
            await using var list = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-l"], TimeSpan.FromSeconds(30));
            runs++;
            list.ExitCode.Should().BeOneOf([0, 1], budget + list.Stderr);
            (list.Stdout + list.Stderr).Should().NotContain("Unhandled exception", budget.ToString());
            if (list.ExitCode == 0)
            {
                list.Stdout.Should().Contain("ID: 999, Name: goodagent, IP: any", budget.ToString());
            }
        }

        // The last fuzzed file, loaded by remoted: the good agent is served.
        var port = FreePort.UdpAndTcp();
        install.WriteConfig($"<ossec_config><remote><connection>secure</connection><port>{port}</port>"
            + "<local_ip>127.0.0.1</local_ip></remote></ossec_config>");
        await using var remoted = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
        (await install.WaitForOssecLogAsync("Started (pid: ", TimeSpan.FromSeconds(20))).Should().Contain("Started", remoted.Stderr + budget);
        using var agent = new TestAgent(good, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        agent.Send("#!-agent startup ");
        (await agent.ReceiveAsOssecAsync(TimeSpan.FromSeconds(10))).Should().Be("#!-agent ack ", budget + install.ReadOssecLog());
        remoted.HasExited.Should().BeFalse();
        install.ReadOssecLog().Should().NotContain("Unhandled exception");
        budget.Report($"runs={runs}");
    }

    [Fact]
    public async Task Fuzzed_key_strings_never_crash_manage_agents_import_and_a_good_key_imports()
    {
        var budget = new FuzzBudget("key-string-import");
        var line = TestAgent.NewKeyLine("001", "agent1", "any");
        var samples = new[] { line, "002 agent2 10.0.0.2 " + new string('c', 64), "003 x" };
        var mutator = new Mutator(budget.Seed, samples);
        using var install = new TestInstall("agent");
        var environment = new Dictionary<string, string?> { ["OSSEC_ACTION_CONFIRMED"] = "y" };
        var runs = 0;
        while (budget.Next())
        {
            // Either the base64 is mutated, or the line inside it.
            var key = mutator.Random.Next(2) == 0
                ? Encoding.ASCII.GetString(mutator.Next(800).Select(b => (byte)(b & 0x7f)).Where(b => b > 0).ToArray())
                : Convert.ToBase64String(mutator.Next(600));
            if (key.Length == 0 || key.StartsWith('-'))
            {
                continue;
            }

            await using var import = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-i", key],
                TimeSpan.FromSeconds(30), environment, stdin: "\n");
            runs++;
            import.ExitCode.Should().BeOneOf([0, 1], budget + import.Stderr);
            (import.Stdout + import.Stderr).Should().NotContain("Unhandled exception", budget.ToString());
        }

        var good = Convert.ToBase64String(Encoding.ASCII.GetBytes(line));
        await using var final = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-i", good],
            TimeSpan.FromSeconds(30), environment, stdin: "\n");
        final.ExitCode.Should().Be(0, final.Stdout + final.Stderr);
        File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be(line + "\n");
        budget.Report($"runs={runs}");
    }

    [Fact]
    public async Task A_key_string_with_a_line_break_inside_is_refused_as_invalid_not_a_crash()
    {
        // Found by the key-string fuzz test (seed 2): manage_agents -i died with an unhandled exception.
        using var install = new TestInstall("agent");
        var line = TestAgent.NewKeyLine("001", "agent1");
        var environment = new Dictionary<string, string?> { ["OSSEC_ACTION_CONFIRMED"] = "y" };
        var broken = Convert.ToBase64String(Encoding.ASCII.GetBytes(line.Replace(" agent1 ", " agent1\n", StringComparison.Ordinal) + " x"));
        var trailing = Convert.ToBase64String(Encoding.ASCII.GetBytes(line + "\n"));

        await using var refused = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-i", broken],
            TimeSpan.FromSeconds(30), environment, stdin: "\n");
        await using var accepted = await ProcessRunner.RunAsync("manage_agents", ["-D", install.Home, "-i", trailing],
            TimeSpan.FromSeconds(30), environment, stdin: "\n");

        refused.Stdout.Should().Contain("Invalid authentication key");
        refused.Stderr.Should().NotContain("Unhandled exception");
        accepted.ExitCode.Should().Be(0, accepted.Stderr);
        File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be(line + "\n");
    }
}
