using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;
using Xunit.Abstractions;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>
/// Our ossec-agentd and our ossec-remoted with the receipt extension (docs/protocol-extensions.md), as real
/// processes: the reliability probe of issue #13 item 1 at a bounded scale.
/// </summary>
public sealed partial class AgentdReceiptProcessTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly ITestOutputHelper _output;

    // A key of this test's own: while its remoted is down, another test's manager may bind the freed port, and one
    // holding the shared test key would take, acknowledge and confirm this agent's events in its own archives.
    private readonly string _keyLine = FollowingAgentInstall.UniqueKeyLine();

    public AgentdReceiptProcessTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Remoted_killed_three_times_under_load_loses_nothing_duplicates_little_and_both_state_files_add_up()
    {
        using var manager = NewManager(out var port);
        using var agentInstall = NewAgent(port, out var followed);
        var remoted = StartRemoted(manager);
        await using var agentd = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", agentInstall.Home]);
        var archives = manager.PathOf("logs", "archives", "archives.log");
        try
        {
            (await ProcessRunner.WaitUntilAsync(() => AgentState(agentInstall).Contains("receipts='yes'", StringComparison.Ordinal), s_wait))
                .Should().BeTrue(agentd.Stderr + remoted.Stderr);
            await Task.Delay(1500); // the follower has opened the file

            // About 2,500 lines/s for 12 s, in chunks of 25 every 10 ms.
            const int total = 30_000;
            var writing = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                var text = new StringBuilder();
                for (var i = 0; i < total; i += 25)
                {
                    text.Clear();
                    for (var j = i; j < i + 25; j++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"receipt line {j:D6}\n");
                    }

                    await File.AppendAllTextAsync(followed, text.ToString());
                    var due = TimeSpan.FromMilliseconds((i + 25) * 0.4);
                    if (due > clock.Elapsed)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }
                }
            });

            var linesAtLastStart = 0L;
            foreach (var at in new[] { 3, 6, 9 })
            {
                await Task.Delay(TimeSpan.FromSeconds(at == 3 ? 3 : 2));
                remoted.Kill();
                await remoted.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
                linesAtLastStart = File.ReadLines(archives).LongCount();
                remoted = StartRemoted(manager);
            }

            await writing.WaitAsync(TimeSpan.FromSeconds(60));
            (await ProcessRunner.WaitUntilAsync(() => Distinct(archives).Count == total, TimeSpan.FromSeconds(60)))
                .Should().BeTrue($"got {Distinct(archives).Count} of {total}; {Missing(archives, total)}; agent: {AgentState(agentInstall)}");
            // Every event confirmed once (the 3 start-up events included), nothing left to send.
            (await ProcessRunner.WaitUntilAsync(() => AgentState(agentInstall) is var s && s.Contains("msg_unconfirmed='0'", StringComparison.Ordinal)
                    && s.Contains("msg_buffer='0'", StringComparison.Ordinal) && StateValue(s, "msg_confirmed") >= total + 3, s_wait))
                .Should().BeTrue(AgentState(agentInstall));

            var received = Lines(archives).Count;
            var duplicates = received - total;
            var agentState = AgentState(agentInstall);
            _output.WriteLine($"{total} lines, {duplicates} duplicates ({100.0 * duplicates / total:F2} %); agent state:\n{agentState}");
            _output.WriteLine(agentInstall.ReadOssecLog());
            duplicates.Should().BeLessThanOrEqualTo(total / 50, "at most 2 % duplicates");

            // The agent: nothing dropped (and indeed nothing is missing); every duplicate is one of its resends.
            agentState.Should().Contain("msg_dropped='0'").And.Contain("receipts='yes'");
            StateValue(agentState, "msg_resent").Should().BeGreaterThanOrEqualTo(duplicates);
            StateValue(agentState, "msg_sent").Should().Be(StateValue(agentState, "msg_confirmed") + StateValue(agentState, "msg_resent"));

            // The last manager: what it says it wrote is what it appended to archives.log; its discards add up.
            await remoted.StopAsync();
            var state = File.ReadAllText(manager.PathOf("var", "run", "ossec-remoted.state"));
            _output.WriteLine(state);
            StateValue(state, "events_written").Should().Be(File.ReadLines(archives).LongCount() - linesAtLastStart);
            StateValue(state, "discarded").Should().Be(
                StateValue(state, "discarded_receive_queue") + StateValue(state, "discarded_event_sink")
                + StateValue(state, "discarded_awaiting_resend"));
            manager.ReadOssecLog().Should().NotContain("Invalid message").And.NotContain("Duplicated counter");
        }
        finally
        {
            await remoted.DisposeAsync();
        }
    }

    [Fact]
    public async Task Agent_stop_tells_our_remoted_which_marks_it_disconnected()
    {
        using var manager = NewManager(out var port, "remoted.agent_disconnect_time=4\n");
        using var agentInstall = NewAgent(port, out _);
        await using var remoted = StartRemoted(manager);
        var agentd = ProcessRunner.Start("ossec-agentd", ["-f", "-u", "root", "-g", "root", "-D", agentInstall.Home]);
        await using (agentd)
        {
            (await ProcessRunner.WaitUntilAsync(() => AgentState(agentInstall).Contains("status='connected'", StringComparison.Ordinal), s_wait))
                .Should().BeTrue(agentd.Stderr + remoted.Stderr);
            await agentd.StopAsync();
        }

        var log = await manager.WaitForOssecLogAsync("Agent disconnected: 'agent1-any'.", s_wait);
        log.Should().Contain("Agent disconnected: 'agent1-any'.").And.Contain("Agent 'agent1' (1024) is shutting down.").And.NotContain("Invalid message");
        agentInstall.ReadOssecLog().Should().Contain("Shutdown message sent to the server.");
    }

    private static ProcessRunner StartRemoted(TestInstall manager) =>
        ProcessRunner.Start("ossec-remoted", ["-f", "-u", "root", "-g", "root", "-D", manager.Home]);

    private static string AgentState(TestInstall agent)
    {
        var path = agent.PathOf("var", "run", "ossec-agentd.state");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static long StateValue(string state, string key)
    {
        var match = Regex.Match(state, "^" + key + "='?([0-9]+)'?$", RegexOptions.Multiline);
        match.Success.Should().BeTrue($"{key} in {state}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<string> Lines(string archives) =>
        File.Exists(archives) ? [.. File.ReadLines(archives).Select(l => ReceiptLine().Match(l)).Where(m => m.Success).Select(m => m.Value)] : [];

    private static HashSet<string> Distinct(string archives) => [.. Lines(archives)];

    // For a failure: which lines are missing from archives.log, and whether any other file of the archives folder
    // (the day files, a file renamed aside) holds them.
    private static string Missing(string archives, int total)
    {
        var seen = Distinct(archives);
        var missing = Enumerable.Range(0, total).Select(i => $"receipt line {i:D6}").Where(l => !seen.Contains(l)).Take(5).ToList();
        var folder = Path.GetDirectoryName(archives)!;
        var elsewhere = missing.Select(m => m + " in: " + string.Join(",", Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal) && File.ReadLines(f).Any(l => l.Contains(m, StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(folder, f))));
        return "missing: " + string.Join("; ", elsewhere);
    }

    [GeneratedRegex("receipt line [0-9]{6}$")]
    private static partial Regex ReceiptLine();

    private TestInstall NewManager(out int port, string options = "")
    {
        var install = new TestInstall("server");
        port = FreePort.UdpAndTcp();
        install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <protocol>udp</protocol>
                <local_ip>127.0.0.1</local_ip>
              </remote>
            </ossec_config>
            """);
        File.WriteAllText(install.PathOf("etc", "client.keys"), _keyLine + "\n");
        File.WriteAllText(install.PathOf("etc", "local_internal_options.conf"), options);
        return install;
    }

    private TestInstall NewAgent(int port, out string followed) => FollowingAgentInstall.Create(
        $"<server-ip>127.0.0.1</server-ip><port>{port}</port><notify_time>2</notify_time><time-reconnect>10</time-reconnect>",
        out followed,
        "<client_buffer><events_per_second>10000</events_per_second></client_buffer>",
        _keyLine);
}
