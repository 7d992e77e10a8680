using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.ManageAgents;

/// <summary>manage_agents as a process: the flags scripts use, with OSSEC's outputs and exit codes.</summary>
[Trait("Area", "ManageAgents")]
public sealed class ManageAgentsProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Add_list_extract_remove_round_trip_with_exit_codes()
    {
        using var install = new TestInstall();
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var add = await ProcessRunner.RunAsync("manage_agents", ["-a", "10.20.30.40", "-n", "proc01"], Timeout, env);
        add.ExitCode.Should().Be(0);
        // remoted reloads client.keys by itself: no restart advice on a manager.
        add.Stdout.Should().EndWith("Agent added with ID 001.\n\nmanage_agents: Exiting.\nmanage_agents: Exiting.\n");

        var list = await ProcessRunner.RunAsync("manage_agents", ["-l"], Timeout, env);
        list.Should().Match<ProcessRunner>(p => p.ExitCode == 0 && p.Stdout == "\nAvailable agents: \n   ID: 001, Name: proc01, IP: 10.20.30.40\n\n");

        var line = File.ReadAllText(install.PathOf("etc", "client.keys")).TrimEnd('\n');
        line.Should().MatchRegex("^001 proc01 10.20.30.40 [0-9a-f]{64}$");
        var extract = await ProcessRunner.RunAsync("manage_agents", ["-e", "1"], Timeout, env);
        extract.ExitCode.Should().Be(0);
        extract.Stdout.Should().Be($"\nAgent key information for '001' is: \n{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(line))}\n");

        var remove = await ProcessRunner.RunAsync("manage_agents", ["-r", "001"], Timeout, env);
        remove.ExitCode.Should().Be(0);
        remove.Stdout.Should().Contain("Provide the ID of the agent to be removed (or '\\q' to quit): 001\nConfirm deleting it?(y/n): y\nAgent '001' removed.\n");
        // OSSEC's 21-byte marker over the start of the line, in place: same length, the rest of the line as it was.
        File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be("001 #*#*#*#*#*#*#*#*#*#*#" + line[25..] + "\n");

        var gone = await ProcessRunner.RunAsync("manage_agents", ["-e", "001"], Timeout, env);
        gone.Should().Match<ProcessRunner>(p => p.ExitCode == 1 && p.Stdout == "\n** Invalid ID '001' given. ID is not present.\n");
    }

    [Fact]
    public async Task Bad_input_gives_a_message_a_non_zero_exit_and_no_change()
    {
        using var install = new TestInstall();
        var keys = install.PathOf("etc", "client.keys");
        File.WriteAllText(keys, "001 keep01 any " + new string('c', 64) + "\n");
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var badName = await ProcessRunner.RunAsync("manage_agents", ["-a", "10.0.0.1", "-n", "x"], Timeout, env, stdin: string.Empty);
        badName.ExitCode.Should().Be(1);
        badName.Stdout.Should().EndWith("manage_agents: Input too large. Not adding it.\n");

        var badFlag = await ProcessRunner.RunAsync("manage_agents", ["-Z"], Timeout, env);
        badFlag.ExitCode.Should().Be(1);
        badFlag.Stderr.Should().Contain("invalid option").And.Contain("-V          Version and license message");

        var missing = await ProcessRunner.RunAsync("manage_agents", ["-r"], Timeout, env);
        missing.ExitCode.Should().Be(1);
        missing.Stderr.Should().Contain("manage_agents: -r needs an argument.");

        var help = await ProcessRunner.RunAsync("manage_agents", ["-h"], Timeout, env);
        help.ExitCode.Should().Be(0);

        File.ReadAllText(keys).Should().Be("001 keep01 any " + new string('c', 64) + "\n");
    }

    [Fact]
    public async Task Piped_menu_session_adds_and_quits()
    {
        using var install = new TestInstall();
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var run = await ProcessRunner.RunAsync("manage_agents", [], Timeout, env, stdin: "A\npiped01\nany\n\ny\nX\nQ\n");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("Agent added with ID 001.").And.Contain(" ** Invalid Action ** ")
            .And.EndWith("Choose your action: A,E,L,R or Q: \nmanage_agents: Exiting.\nmanage_agents: Exiting.\n").And.NotContain("You must restart");
    }
}
