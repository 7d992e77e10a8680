using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.ManageAgents;

/// <summary>
/// manage_agents on a real pseudo-terminal (tmux): the screens of the recorded OSSEC sessions, Ctrl-C and Ctrl-D.
/// </summary>
[Trait("Area", "ManageAgents")]
public sealed class ManageAgentsTerminalTests
{
    private const string ManagerKeys =
        "001 server01 192.168.1.10 1720eeb9a1d73f22e1f8e34e579fe9e5c7f80397d284d49ecfdb41953e1923e0\n"
        + "002 web-01.example.com any 950e48d929bce0a9343cdaa450d451dcb7b50eed3b36eaf36edbc351ec05152d\n";

    [Theory]
    [InlineData("manager-interactive", "server")]
    [InlineData("agent-interactive-import", "agent")]
    public async Task Terminal_session_shows_the_screens_OSSEC_shows(string name, string type)
    {
        var vector = Vector(name);
        using var install = new TestInstall(type);
        if (vector.TryGetProperty("initial_manager_client_keys", out var keys))
        {
            File.WriteAllText(install.PathOf("etc", "client.keys"), keys.GetString());
        }

        await using var tmux = await TmuxSession.StartAsync("manage_agents", install.Home);
        var expected = string.Empty;
        foreach (var step in vector.GetProperty("steps").EnumerateArray())
        {
            if (step.GetProperty("input").GetString() is { } input)
            {
                await tmux.TypeLineAsync(input.TrimEnd('\n'));
            }

            // Documented deviation: no restart advice on a manager (ManagerRestartAdvice).
            var output = step.GetProperty("output").GetString()!;
            expected += type == "server" ? ManagerRestartAdvice.Remove(output) : output;
            var want = TmuxSession.Normalize(expected);
            var screen = await tmux.WaitForAsync(s => s.StartsWith(want, StringComparison.Ordinal));
            screen.Should().StartWith(want);
        }

        var end = await tmux.WaitForAsync(s => TmuxSession.ExitCode(s) is not null);
        TmuxSession.ExitCode(end).Should().Be(0);
        if (vector.TryGetProperty("agent_client_keys_after", out var agentAfter))
        {
            File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be(agentAfter.GetString());
        }
    }

    [Fact]
    public async Task Ctrl_C_in_a_dialog_exits_cleanly_and_leaves_client_keys_intact()
    {
        using var install = new TestInstall();
        var keysPath = install.PathOf("etc", "client.keys");
        File.WriteAllText(keysPath, ManagerKeys);
        await using var tmux = await TmuxSession.StartAsync("manage_agents", install.Home);
        await tmux.WaitForAsync(s => s.EndsWith("Choose your action: A,E,L,R or Q:", StringComparison.Ordinal));
        await tmux.TypeLineAsync("A");
        await tmux.WaitForAsync(s => s.EndsWith("* A name for the new agent:", StringComparison.Ordinal));
        await tmux.TypeLineAsync("half-done");
        await tmux.WaitForAsync(s => s.EndsWith("* The IP Address of the new agent:", StringComparison.Ordinal));

        await tmux.SendKeyAsync("C-c");

        var screen = await tmux.WaitForAsync(s => TmuxSession.ExitCode(s) is not null);
        screen.Should().Contain("* The IP Address of the new agent: ^C\nmanage_agents: Exiting.");
        TmuxSession.ExitCode(screen).Should().Be(0);
        File.ReadAllText(keysPath).Should().Be(ManagerKeys);
        Directory.GetFiles(install.PathOf("etc"), "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task Ctrl_D_ends_the_menu_with_OSSEC_message()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), ManagerKeys);
        await using var tmux = await TmuxSession.StartAsync("manage_agents", install.Home);
        await tmux.WaitForAsync(s => s.EndsWith("Choose your action: A,E,L,R or Q:", StringComparison.Ordinal));

        await tmux.SendKeyAsync("C-d");

        var screen = await tmux.WaitForAsync(s => TmuxSession.ExitCode(s) is not null);
        screen.Should().Contain("Choose your action: A,E,L,R or Q: manage_agents: Input too large. Not adding it.");
        TmuxSession.ExitCode(screen).Should().Be(1);
        File.ReadAllText(install.PathOf("etc", "client.keys")).Should().Be(ManagerKeys);
    }

    private static JsonElement Vector(string name)
    {
        using var doc = SharedReference.LoadVectors("manage_agents.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(v => v.TryGetProperty("name", out var n) && n.GetString() == name).Clone();
    }
}
