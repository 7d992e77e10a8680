using OssecSharp.Authd;
using OssecSharp.Core.Cli;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>authd's opt-in <c>-F &lt;seconds&gt;</c>: a silent agent of the same name or address is replaced.</summary>
public sealed class AgentReplacementTests
{
    private const string OldKey = "39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e";

    [Fact]
    public async Task A_host_reinstalled_after_a_long_silence_gets_its_name_back_and_the_old_agent_is_removed()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { ReplaceSilentAfter = TimeSpan.FromHours(1) });
        var paths = authd.Paths;
        File.WriteAllText(paths.ClientKeys, $"1024 web01 any {OldKey}\n");
        var info = WriteState(paths, "1024", "web01", "any", DateTime.UtcNow.AddHours(-2));
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "web01")).ExitCode.Should().Be(0);

        agent.ClientKeys.Should().MatchRegex("^1025 web01 any [0-9a-f]{64}\n$");
        agent.ClientKeys.Should().NotContain(OldKey);
        File.ReadAllLines(paths.ClientKeys).Should().Equal(Removed($"1024 web01 any {OldKey}"), agent.ClientKeys.TrimEnd('\n'));
        File.Exists(info).Should().BeFalse();
        File.Exists(paths.RidsFile("1024")).Should().BeFalse();
        authd.Sink.LevelMessages.Should().Contain(l => l.Contains("Agent 1024 (web01, any) removed: replaced by a new enrollment of web01 from 127.0.0.1 (last seen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_agent_that_never_connected_is_replaced()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { ReplaceSilentAfter = TimeSpan.FromHours(1) });
        File.WriteAllText(authd.Paths.ClientKeys, $"1024 db01 any {OldKey}\n");
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "db01")).ExitCode.Should().Be(0);

        agent.ClientKeys.Should().StartWith("1025 db01 any ");
        authd.Sink.LevelMessages.Should().Contain(l => l.Contains("(never connected)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connected_agent_is_kept_and_the_newcomer_gets_ossecs_suffix()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { ReplaceSilentAfter = TimeSpan.FromHours(1) });
        var paths = authd.Paths;
        File.WriteAllText(paths.ClientKeys, $"1024 web01 any {OldKey}\n");
        var info = WriteState(paths, "1024", "web01", "any", DateTime.UtcNow.AddMinutes(-5));
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "web01")).ExitCode.Should().Be(0);

        agent.ClientKeys.Should().StartWith("1025 web012 any ");
        File.ReadAllLines(paths.ClientKeys)[0].Should().Be($"1024 web01 any {OldKey}");
        File.Exists(info).Should().BeTrue();
        File.Exists(paths.RidsFile("1024")).Should().BeTrue();
    }

    [Fact]
    public async Task A_silent_agent_registered_with_the_source_address_is_replaced_instead_of_refusing()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { ReplaceSilentAfter = TimeSpan.Zero, UseSourceIp = true });
        File.WriteAllText(authd.Paths.ClientKeys, $"001 oldhost 127.0.0.1 {OldKey}\n");
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "newhost")).ExitCode.Should().Be(0);

        agent.ClientKeys.Should().StartWith("1024 newhost 127.0.0.1 ");
        File.ReadAllLines(authd.Paths.ClientKeys)[0].Should().MatchRegex(@"^001 (#\*){10}#", "OSSEC's removal marker");
        File.ReadAllLines(authd.Paths.ClientKeys)[1].Should().Be(agent.ClientKeys.TrimEnd('\n'));
    }

    [Fact]
    public async Task Without_the_flag_the_same_address_is_still_refused_as_ossec_does()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { UseSourceIp = true });
        File.WriteAllText(authd.Paths.ClientKeys, $"001 oldhost 127.0.0.1 {OldKey}\n");
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "newhost")).ExitCode.Should().NotBe(0);

        File.ReadAllText(authd.Paths.ClientKeys).Should().Be($"001 oldhost 127.0.0.1 {OldKey}\n");
    }

    [Theory]
    [InlineData("3600", 3600)]
    [InlineData("0", 0)]
    public void The_flag_takes_whole_seconds(string value, int seconds)
    {
        var parse = OssecCommandLine.Parse(AuthdCommandLine.Spec, ["-F", value]);

        AuthdCommandLine.Read(parse).ReplaceSilentAfter.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("1h")]
    [InlineData("")]
    public void A_bad_value_is_refused_with_a_reason(string value)
    {
        var parse = OssecCommandLine.Parse(AuthdCommandLine.Spec, ["-F", value]);

        var read = () => AuthdCommandLine.Read(parse);

        read.Should().Throw<FormatException>().WithMessage("Invalid value for -F*");
    }

    private static string WriteState(Core.Layout.OssecPaths paths, string id, string name, string ip, DateTime lastSeen)
    {
        Directory.CreateDirectory(paths.AgentInfoDir);
        Directory.CreateDirectory(paths.RidsDir);
        var info = paths.AgentInfoFile(name, ip);
        File.WriteAllText(info, "Linux web01 5.10 - OSSEC HIDS v4.2.0\n");
        File.SetLastWriteTimeUtc(info, lastSeen);
        File.WriteAllText(paths.RidsFile(id), "12:3456\n");
        return info;
    }

    // A line after its removal: "<id> " and OSSEC's marker continued to the line's end (same length).
    private static string Removed(string line)
    {
        // OSSEC's removal: the 21-byte marker over the start of the line after "<id> ", the rest of the line kept.
        var id = line[..(line.IndexOf(' ', StringComparison.Ordinal) + 1)];
        return id + "#*#*#*#*#*#*#*#*#*#*#" + line[(id.Length + 21)..];
    }
}
