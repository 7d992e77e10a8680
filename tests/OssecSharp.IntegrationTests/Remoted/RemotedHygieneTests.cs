using System.Text;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Issue #13 item 8: NUL bytes end an event's text as in OSSEC, and hostile input cannot make a huge log line.</summary>
public sealed class RemotedHygieneTests
{
    [Fact]
    public async Task A_nul_byte_ends_the_event_text_as_ossecs_c_strings_do()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var agent = new TestAgent(line, remoted.UdpEndPoint);

        agent.SendRaw(agent.Encode(Encoding.UTF8.GetBytes("1:/var/log/app.log:before\0after the nul")));
        agent.Send("1:/var/log/app.log:plain");

        (await remoted.WaitForEventsAsync(2)).Should().BeTrue();
        remoted.Events.Events.Should().Equal("1:(web01) any->/var/log/app.log:before", "1:(web01) any->/var/log/app.log:plain");
    }

    [Fact]
    public async Task A_huge_agent_id_is_quoted_capped_in_the_log_line()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), TestAgent.NewKeyLine("001", "web01") + "\n");
        await using var remoted = RemotedHarness.Start(install);
        using var attacker = new TestAgent(TestAgent.NewKeyLine("002", "ghost"), remoted.UdpEndPoint);

        attacker.SendRaw(Encoding.ASCII.GetBytes("!" + new string('7', 5000) + "!:garbage"));

        (await ProcessRunner.WaitUntilAsync(() => remoted.Daemon.Stats.RejectedTotal == 1, TimeSpan.FromSeconds(5))).Should().BeTrue();

        // The reject is counted before its line is logged: wait for the line too (a loaded machine sees the gap).
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Log.Lines.Any(l => l.Contains("Invalid ID", StringComparison.Ordinal)), TimeSpan.FromSeconds(5))).Should().BeTrue();
        var rejected = remoted.Log.Lines.Single(l => l.Contains("Invalid ID", StringComparison.Ordinal));
        rejected.Length.Should().BeLessThan(300);
        rejected.Should().Contain("77777").And.Contain("...(5000 chars)");
    }
}
