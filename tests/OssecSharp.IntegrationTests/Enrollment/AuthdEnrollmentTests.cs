using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>In-process ossec-authd and agent-auth over real TLS on loopback, checked against the OSSEC vectors.</summary>
public sealed class AuthdEnrollmentTests
{
    private const string Key64 = "39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Normal_enrollment_prints_and_logs_the_lines_of_ossec(bool ecdsa)
    {
        var v = Vector("normal-enrollment");
        await using var authd = await AuthdHarness.StartAsync(ecdsa: ecdsa);
        using var agent = new AgentRunner();

        var result = await agent.RunAsync(authd.EndPoint, "web-01.example.com");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Equal(Strings(v, "agent_auth_stdout").Select(l => l.Replace("1516", authd.EndPoint.Port.ToString(), StringComparison.Ordinal)));
        result.Stderr.Should().Contain($"INFO: Connected to 127.0.0.1 at address 127.0.0.1, port {authd.EndPoint.Port}");
        var line = agent.ClientKeys;
        line.Should().MatchRegex("^1024 web-01.example.com any [0-9a-f]{64}\n$");
        File.ReadAllText(authd.Paths.ClientKeys).Should().Be(line);
        await WaitForLogAsync(authd, "Agent key created for");
        authd.Sink.LevelMessages.Where(l => l.StartsWith("INFO: ", StringComparison.Ordinal) && !l.Contains("Accepting", StringComparison.Ordinal))
            .Should().Equal(Strings(v, "authd_log_lines").Select(l => l["ossec-authd: ".Length..]));
    }

    [Fact]
    public async Task Duplicate_names_get_a_counter_as_in_ossec()
    {
        await using var authd = await AuthdHarness.StartAsync();
        File.WriteAllText(authd.Paths.ClientKeys, $"1024 agent1 any {Key64}\n");
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "agent1")).ExitCode.Should().Be(0);
        agent.ClientKeys.Should().StartWith("1025 agent12 any ");
        (await agent.RunAsync(authd.EndPoint, "agent1")).ExitCode.Should().Be(0);
        agent.ClientKeys.Should().StartWith("1026 agent13 any ");
        File.ReadAllLines(authd.Paths.ClientKeys).Select(l => l.Split(' ')[1]).Should().Equal("agent1", "agent12", "agent13");
    }

    [Theory]
    [InlineData("forbidden-char-space")]
    [InlineData("forbidden-ipv6-like")]
    public async Task Invalid_names_get_ossecs_error_records(string vectorName)
    {
        var v = Vector(vectorName);
        await using var authd = await AuthdHarness.StartAsync();
        using var agent = new AgentRunner();
        var name = v.GetProperty("agent_auth_args").GetString()!.Split("-A ")[1];

        var result = await agent.RunAsync(authd.EndPoint, name);

        result.ExitCode.Should().Be(1);
        result.Stdout.Skip(1).Should().Equal(Strings(v, "agent_auth_stdout").Skip(1).Select(l => l.Replace("1516", authd.EndPoint.Port.ToString(), StringComparison.Ordinal)));
        agent.ClientKeys.Should().BeEmpty();
        authd.Sink.LevelMessages.Should().Contain(Strings(v, "authd_log_lines").Last()["ossec-authd: ".Length..]);
    }

    [Fact]
    public async Task Password_right_even_with_a_trailing_newline_in_the_agents_file()
    {
        await using var authd = await AuthdHarness.StartAsync(password: "s3cretPW\n");
        using var agent = new AgentRunner();
        var passFile = agent.Install.PathOf("pass");
        File.WriteAllText(passFile, "s3cretPW\n");

        var result = await agent.RunAsync(authd.EndPoint, "pw-nl", o => o with { PasswordFile = passFile });

        result.ExitCode.Should().Be(0);
        result.Stdout[0].Should().Be("INFO: Using specified password.");
        agent.ClientKeys.Should().StartWith("1024 pw-nl any ");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task Wrong_or_missing_password_is_refused_with_a_reason_and_keys_untouched(string? agentPassword)
    {
        await using var authd = await AuthdHarness.StartAsync(password: "s3cretPW\n");
        using var agent = new AgentRunner();
        File.WriteAllText(agent.Paths.ClientKeys, $"007 old any {Key64}\n");
        var passFile = agent.Install.PathOf("pass");
        if (agentPassword is not null)
        {
            File.WriteAllText(passFile, agentPassword);
        }

        var result = await agent.RunAsync(authd.EndPoint, "pw-x", o => o with { PasswordFile = agentPassword is null ? null : passFile });

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().Contain(l => l.StartsWith("ERROR: Invalid password", StringComparison.Ordinal) && l.EndsWith("(from manager)", StringComparison.Ordinal));
        result.Stdout.Last().Should().Be("ERROR: SSL read (unable to receive message)");
        agent.ClientKeys.Should().Be($"007 old any {Key64}\n");
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        authd.Sink.LevelMessages.Should().Contain("ERROR: Invalid password provided by 127.0.0.1. Closing connection.");
    }

    [Fact]
    public async Task Without_a_password_file_a_random_one_is_written_and_never_logged()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { NoPassword = false });
        var passPath = authd.Paths.AuthdPass;

        var content = File.ReadAllText(passPath);
        content.Should().MatchRegex("^[0-9a-f]{32}\n$");
        File.GetUnixFileMode(passPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        authd.Sink.LevelMessages.Should().NotContain(l => l.Contains(content.Trim(), StringComparison.Ordinal));
        authd.Sink.LevelMessages.Should().Contain(l => l.Contains(passPath, StringComparison.Ordinal));

        using var agent = new AgentRunner();
        File.WriteAllText(agent.Paths.AuthdPass, content);
        (await agent.RunAsync(authd.EndPoint, "pw-random")).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Dash_i_registers_the_source_ip_and_refuses_a_second_agent_from_it()
    {
        await using var authd = await AuthdHarness.StartAsync(o => o with { UseSourceIp = true });
        using var agent = new AgentRunner();

        (await agent.RunAsync(authd.EndPoint, "ip-host-1")).ExitCode.Should().Be(0);
        agent.ClientKeys.Should().StartWith("1024 ip-host-1 127.0.0.1 ");
        var second = await agent.RunAsync(authd.EndPoint, "ip-host-2");

        second.ExitCode.Should().Be(1);
        second.Stdout.Should().Contain("ERROR: Invalid IP address: 127.0.0.1 is already used by agent 1024 (ip-host-1) (from manager)");
        agent.ClientKeys.Should().StartWith("1024 ip-host-1 127.0.0.1 ");
        authd.Sink.LevelMessages.Should().Contain("ERROR: Invalid IP address 1024 (duplicated)");
    }

    internal static JsonElement Vector(string name)
    {
        using var doc = SharedReference.LoadVectors("enrollment.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray().First(v => v.GetProperty("name").GetString() == name).Clone();
    }

    internal static IEnumerable<string> Strings(JsonElement v, string property) =>
        v.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();

    internal static async Task WaitForLogAsync(AuthdHarness authd, string fragment)
    {
        (await ProcessRunner.WaitUntilAsync(
            () => authd.Sink.LevelMessages.Any(l => l.Contains(fragment, StringComparison.Ordinal)), TimeSpan.FromSeconds(10)))
            .Should().BeTrue($"the log should contain '{fragment}'; it has: {string.Join(" | ", authd.Sink.LevelMessages)}");
    }
}
