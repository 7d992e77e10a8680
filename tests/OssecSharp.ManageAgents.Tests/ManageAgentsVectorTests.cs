using OssecSharp.Tests.Common;

namespace OssecSharp.ManageAgents.Tests;

/// <summary>Every manage_agents vector recorded from OSSEC 4.2, replayed in-process: same bytes, codes and file.</summary>
public sealed class ManageAgentsVectorTests
{
    private const string AgentKeys = "002 web-01.example.com any 950e48d929bce0a9343cdaa450d451dcb7b50eed3b36eaf36edbc351ec05152d\n";

    public static TheoryData<int> CommandVectors()
    {
        var data = new TheoryData<int>();
        var all = ManageAgentsVectors.All();
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].GetProperty("kind").GetString() == "command")
            {
                data.Add(i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandVectors))]
    public void Command_output_exit_code_and_client_keys_match_OSSEC(int index)
    {
        var vector = ManageAgentsVectors.All()[index];
        var argv = ManageAgentsVectors.Argv(vector);
        var agentBuild = argv[0].Contains("agent build", StringComparison.Ordinal);
        var after = ManageAgentsVectors.Text(vector, "client_keys_after");
        var before = agentBuild ? AgentKeys : StateBefore(argv, after!, vector.GetProperty("exit_code").GetInt32());
        using var harness = new ManageAgentsHarness(agentBuild ? "agent" : "server", before);

        var (code, stdout, stderr) = harness.Run(string.Empty, argv[1..]);

        var recorded = vector.GetProperty("stdout").GetString()!;
        // Documented deviation: no restart advice on a manager (ManagerRestartAdvice).
        stdout.Should().Be(agentBuild ? recorded : ManagerRestartAdvice.Remove(recorded));
        stderr.Should().Be(vector.GetProperty("stderr").GetString());
        code.Should().Be(vector.GetProperty("exit_code").GetInt32());
        if (after is not null)
        {
            ManageAgentsVectors.Entries(harness.Keys).Should().Equal(ManageAgentsVectors.Entries(after));
        }
    }

    [Theory]
    [InlineData("manager-interactive", "server")]
    [InlineData("agent-interactive-import", "agent")]
    [InlineData("agent-interactive-bad-key", "agent")]
    public void Interactive_session_prints_what_OSSEC_prints(string name, string type)
    {
        var vector = ManageAgentsVectors.Named(name);
        var steps = ManageAgentsVectors.Steps(vector);
        using var harness = new ManageAgentsHarness(type, ManageAgentsVectors.Text(vector, "initial_manager_client_keys") ?? string.Empty);

        var (code, stdout, _) = harness.Run(string.Concat(steps.Select(s => s.Input)));

        var recorded = string.Concat(steps.Select(s => s.Output));
        // Documented deviation: no restart advice on a manager (ManagerRestartAdvice).
        stdout.Should().Be(type == "server" ? ManagerRestartAdvice.Remove(recorded) : recorded);
        code.Should().Be(0);
        if (ManageAgentsVectors.Text(vector, "client_keys_after") is { } managerAfter)
        {
            ManageAgentsVectors.Entries(harness.Keys).Should().Equal(ManageAgentsVectors.Entries(managerAfter));
        }

        if (ManageAgentsVectors.Text(vector, "agent_client_keys_after") is { } agentAfter)
        {
            harness.Keys.Should().Be(agentAfter, "the import writes the decoded line as it is");
        }
    }

    /// <summary>
    /// The file before a command: the recorded cases ran one after another, so the state is the file after the
    /// command minus what the command itself added.
    /// </summary>
    private static string StateBefore(string[] argv, string after, int exitCode)
    {
        var nameAt = Array.IndexOf(argv, "-n");
        if (exitCode != 0 || nameAt < 0)
        {
            return after;
        }

        var name = argv[nameAt + 1];
        return string.Concat(after.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Split(' ')[1] != name)
            .Select(line => line + "\n"));
    }
}
