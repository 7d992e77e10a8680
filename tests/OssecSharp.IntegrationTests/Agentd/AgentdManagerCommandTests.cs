using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Agentd;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>What the manager pushes: shared files, active responses, and the client buffer's cap.</summary>
public sealed class AgentdManagerCommandTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Pushed_merged_mg_is_installed_split_and_reported_in_the_next_keepalive()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = await StartConnectedAsync(manager);
        var merged = "!21 agent.conf\n<agent_config/>\n\n\n\n\n\n!9 ../../evil\nescaped?\n";
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(merged)));

        await manager.SendAsync($"#!-up file {md5} merged.mg\n");
        await manager.SendAsync(merged);
        await manager.SendAsync("#!-close file ");

        var shared = agent.Paths.SharedDir;
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(Path.Combine(shared, "merged.mg")), s_wait)).Should().BeTrue();
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(Path.Combine(shared, "-.-..-evil")), s_wait)).Should().BeTrue();
        File.ReadAllText(Path.Combine(shared, "agent.conf")).Should().Be("<agent_config/>\n\n\n\n\n\n");
        File.Exists(Path.Combine(agent.Paths.Home, "evil")).Should().BeFalse();
        var confMd5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(shared, "agent.conf"))));
        (await ProcessRunner.WaitUntilAsync(
            () => manager.Controls.Any(c => c.Contains($" / {confMd5}\n{md5} merged.mg\n", StringComparison.Ordinal)), s_wait))
            .Should().BeTrue("the keepalive carries the new sums");
    }

    [Fact]
    public async Task Malicious_pushed_file_name_cannot_escape_etc_shared()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = await StartConnectedAsync(manager);
        const string content = "owned\n";
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(content)));

        await manager.SendAsync($"#!-up file {md5} ../../../etc/client.keys\n");
        await manager.SendAsync(content);
        await manager.SendAsync("#!-close file ");

        var expected = Path.Combine(agent.Paths.SharedDir, "-.-..-..-etc-client.keys");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(expected), s_wait)).Should().BeTrue();
        File.ReadAllText(agent.Paths.ClientKeys).Should().StartWith("1024 agent1 any ");
    }

    [Fact]
    public async Task Active_response_is_forwarded_to_execq_and_syscheck_restart_is_flagged()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        Directory.CreateDirectory(agent.Paths.AlertsQueueDir);
        using var execq = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        execq.Bind(new UnixDomainSocketEndPoint(agent.Paths.ExecQueueSocket));
        agent.Start(new AgentdConfig { Session = AgentdHarness.Session(manager.Port) });
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count() >= 2, s_wait)).Should().BeTrue();

        await manager.SendAsync("#!-execd restart-ossec0 - - 1732233600.12345 0 ");
        await manager.SendAsync("#!-syscheck restart");

        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(s_wait);
        var length = await execq.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Encoding.UTF8.GetString(buffer, 0, length).Should().Be("restart-ossec0 - - 1732233600.12345 0 \0");
        var flag = Path.Combine(agent.Paths.VarRun, ".syscheck_run");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(flag), s_wait)).Should().BeTrue();
    }

    [Fact]
    public async Task Flood_above_the_eps_cap_is_paced_and_overflow_is_counted_and_logged()
    {
        await using var manager = new FakeManager(AgentdHarness.DefaultIdentity);
        manager.Start();
        await using var agent = new AgentdHarness();
        agent.Start(new AgentdConfig
        {
            Session = AgentdHarness.Session(manager.Port),
            QueueSize = 100,
            EventsPerSecond = 50,
            StateInterval = TimeSpan.FromMilliseconds(300),
        });
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count() >= 2, s_wait)).Should().BeTrue();
        var startEvents = manager.Events.Count();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 400; i++)
        {
            agent.SendLocal($"1:flood:event {i}");
        }

        await Task.Delay(1000);
        var early = manager.Events.Count(e => e.StartsWith("1:flood:", StringComparison.Ordinal));
        var bound = 50 + (50 * clock.Elapsed.TotalSeconds) + 10;
        early.Should().BeLessThanOrEqualTo((int)bound, "at most one second of burst, then 50 events per second");
        int Delivered() => manager.Events.Count(e => e.StartsWith("1:flood:", StringComparison.Ordinal));
        long DroppedInState()
        {
            var match = System.Text.RegularExpressions.Regex.Match(agent.State(), "msg_dropped='([0-9]+)'");
            return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        }

        (await ProcessRunner.WaitUntilAsync(() => DroppedInState() > 0 && Delivered() + DroppedInState() == 400, s_wait))
            .Should().BeTrue($"every event is delivered or counted as dropped: {Delivered()} + {DroppedInState()}");
        var dropped = DroppedInState();
        agent.Log.Messages.Should().Contain("Agent buffer is full: Events may be lost.");

        // The pacer can drain the buffer below 70 % between two bursts of the flood, so the drops may be
        // reported over several full episodes; together they must account for every dropped event.
        long DroppedInLog() => agent.Log.Messages
            .Select(m => System.Text.RegularExpressions.Regex.Match(m, "([0-9]+) events were dropped while it was full"))
            .Where(m => m.Success)
            .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        (await ProcessRunner.WaitUntilAsync(() => DroppedInLog() == dropped, s_wait))
            .Should().BeTrue($"the log's dropped counts add up to the state file's {dropped}: {DroppedInLog()}");
        startEvents.Should().BeGreaterThan(0);
    }

    private static async Task<AgentdHarness> StartConnectedAsync(FakeManager manager)
    {
        var agent = new AgentdHarness();
        agent.Start(new AgentdConfig { Session = AgentdHarness.Session(manager.Port) });
        (await ProcessRunner.WaitUntilAsync(() => manager.Controls.Count() >= 2, s_wait)).Should().BeTrue();
        return agent;
    }
}
