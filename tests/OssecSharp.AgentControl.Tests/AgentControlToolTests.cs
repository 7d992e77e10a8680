using OssecSharp.Tests.Common;

namespace OssecSharp.AgentControl.Tests;

/// <summary>agent_control over a throwaway install: status rules of channel-control.md §8 and OSSEC's layouts.</summary>
public sealed class AgentControlToolTests : IDisposable
{
    private const string Keys =
        "001 server01 192.168.1.10 1720eeb9a1d73f22e1f8e34e579fe9e5c7f80397d284d49ecfdb41953e1923e0\n"
        + "002 web-01.example.com any 950e48d929bce0a9343cdaa450d451dcb7b50eed3b36eaf36edbc351ec05152d\n"
        + "003 db_host.PROD-2 10.0.0.0/8 650db66b1acfdc2e43424969eb612fe21f7bb3363081a19248ca14a7254b16be\n"
        + "004 #*#*#*#*#*#*#*#*#*#*#\n"
        + "1024 agent1 any 43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8\n";

    private readonly TestInstall _install = new();

    public AgentControlToolTests()
    {
        File.WriteAllText(_install.PathOf("etc", "client.keys"), Keys);
        Info("web-01.example.com-any", "Linux web01 5.10.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0 / 4a8b\ncrypto_method:aes\n", TimeSpan.FromSeconds(100));
        Info("db_host.PROD-2-10.0.0.0", "Linux db 5.10.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0\n", TimeSpan.FromSeconds(1831));
        Info("ghost-10.9.9.9", "Linux ghost - OSSEC HIDS v4.2.0\n", TimeSpan.Zero);
        File.WriteAllText(_install.PathOf("queue", "agentless", "(ssh_integrity_check_linux) root@10.1.1.1"), string.Empty);
    }

    [Fact]
    public void List_shows_the_manager_then_every_keyed_agent_with_its_status()
    {
        var (code, stdout) = Run("-l");

        code.Should().Be(0);
        stdout.Should().Be(
            "\nOSSEC HIDS agent_control. List of available agents:\n"
            + "   ID: 000, Name: mgr (server), IP: 127.0.0.1, Active/Local\n"
            + "   ID: 001, Name: server01, IP: 192.168.1.10, Never connected\n"
            + "   ID: 002, Name: web-01.example.com, IP: any, Active\n"
            + "   ID: 003, Name: db_host.PROD-2, IP: 10.0.0.0/8, Disconnected\n"
            + "   ID: 1024, Name: agent1, IP: any, Never connected\n"
            + "\nList of agentless devices:\n"
            + "   ID: na, Name: (ssh_integrity_check_linux) root@10.1.1.1, IP: 10.1.1.1, agentless\n"
            + "\n");
    }

    [Fact]
    public void List_active_only_csv_and_json()
    {
        Run("-lc").Stdout.Should().Be(
            "\nOSSEC HIDS agent_control. List of available agents:\n"
            + "   ID: 000, Name: mgr (server), IP: 127.0.0.1, Active/Local\n"
            + "   ID: 002, Name: web-01.example.com, IP: any, Active\n\n");
        Run("-l", "-s").Stdout.Should().Be(
            "000,mgr (server),127.0.0.1,Active/Local,\n001,server01,192.168.1.10,Never connected,\n002,web-01.example.com,any,Active,\n"
            + "003,db_host.PROD-2,10.0.0.0/8,Disconnected,\n1024,agent1,any,Never connected,\n"
            + "na,(ssh_integrity_check_linux) root@10.1.1.1,10.1.1.1,agentless,\n\n");
        Run("-lc", "-j").Stdout.Should().Be(
            "{\"error\":0,\"response\":[{\"id\":\"000\",\"name\":\"mgr\",\"ip\":\"127.0.0.1\",\"status\":\"Active\"},"
            + "{\"id\":\"002\",\"name\":\"web-01.example.com\",\"ip\":\"any\",\"status\":\"Active\"}]}");
        // Agentless devices are array items, so that the output stays one JSON document (OSSEC prints text lines).
        Run("-l", "-j").Stdout.Should().EndWith(
            "{\"id\":\"na\",\"name\":\"(ssh_integrity_check_linux) root@10.1.1.1\",\"ip\":\"10.1.1.1\",\"status\":\"agentless\"}]}");
    }

    [Fact]
    public void Info_shows_os_version_and_keepalive_from_the_agent_info_file()
    {
        var (code, stdout) = Run("-i", "002");

        code.Should().Be(0);
        var keepAlive = AgentInfoReader.CTime(new DateTimeOffset(File.GetLastWriteTime(_install.PathOf("queue", "agent-info", "web-01.example.com-any"))));
        stdout.Should().Be(
            "\nOSSEC HIDS agent_control. Agent information:\n"
            + "   Agent ID:   002\n   Agent Name: web-01.example.com\n   IP address: any/0\n   Status:     Active\n\n"
            + "   Operating system:    Linux web01 5.10.0 #1 SMP x86_64\n"
            + "   Client version:      OSSEC HIDS v4.2.0 / 4a8b\n"
            + "   Encryption:          aes\n"
            + $"   Last keep alive:     {keepAlive}\n\n"
            + "   Syscheck last started  at: Unknown\n   Rootcheck last started at: Unknown\n"
            + "   FIM maintenance mode:  disabled\n");
        Run("-i", "001").Stdout.Should().Contain("   IP address: 192.168.1.10/32\n   Status:     Never connected\n\n"
            + "   Operating system:    Unknown\n   Client version:      Unknown\n   Encryption:          unknown\n   Last keep alive:     Unknown\n");
        Run("-i", "003").Stdout.Should().Contain("   Encryption:          unknown\n", "no crypto_method line");
        Run("-i", "000").Stdout.Should().Contain("   Agent ID:   000 \n   Agent Name: mgr\n").And.Contain("Active/Local")
            .And.Contain("Last keep alive:     Not available");
    }

    [Fact]
    public void Unknown_or_removed_id_prints_the_error_and_help_with_exit_1()
    {
        var (code, stdout) = Run("-i", "004");

        code.Should().Be(1);
        stdout.Should().Be("\n** Invalid agent id '004'.\n" + AgentControlText.Help);
        Run().Should().Be((1, AgentControlText.Help));
        Run("-x").ExitCode.Should().Be(1);
    }

    [Fact]
    public void Remote_requests_need_remoted()
    {
        Run("-r", "-u", "001").Should().Be((1, "\n** Unable to connect to remoted.\n"));
        Run("-j", "-r", "-u", "001").Should().Be((1, "{\"error\":43,\"description\":\"Unable to connect to remoted\"}"));
        Run("-r").Should().Be((1, "\n** Invalid argument combination.\n" + AgentControlText.Help));
    }

    [Fact]
    public void Messages_to_remoted_have_OSSEC_format()
    {
        RemotedQueue.Format("restart-ossec0", "001", "null").Should().Be("(msg_to_agent) [] NNS 001 restart-ossec0 - null (from_the_server) (no_rule_id)");
        RemotedQueue.Format(RemotedQueue.SyscheckRestart, null, null).Should().Be("(msg_to_agent) [] A!N (null) syscheck restart");
        RemotedQueue.Format(RemotedQueue.SyscheckRestart, "002", null).Should().Be("(msg_to_agent) [] N!S 002 syscheck restart");
    }

    [Fact]
    public void Reset_counter_deletes_the_rids_file_of_one_agent_and_says_so()
    {
        var rids = _install.PathOf("queue", "rids", "002");
        var other = _install.PathOf("queue", "rids", "001");
        File.WriteAllText(rids, "3:47:");
        File.WriteAllText(other, "1:2:");

        var (code, stdout) = Run("--reset-counter", "002");

        code.Should().Be(0);
        stdout.Should().Contain("Counter of agent '002' (web-01.example.com) reset").And.Contain("queue/rids/002").And.Contain("'3:47:'");
        File.Exists(rids).Should().BeFalse();
        File.ReadAllText(other).Should().Be("1:2:");
        Run("--reset-counter", "002").Stdout.Should().Contain("Nothing to reset");
        Run("--reset-counter", "999").Should().Be((1, "\n** Invalid agent id '999'.\n"));
    }

    [Fact]
    public void An_agent_id_with_no_keys_ends_as_OS_ReadKeys_does_and_no_remoted_logs_the_queue_error()
    {
        File.WriteAllText(_install.PathOf("etc", "client.keys"), string.Empty);
        var stderr = new StringWriter();
        var stdout = new StringWriter();

        var code = new AgentControlTool(stdout, stderr, TimeProvider.System, () => "mgr").Run(["-j", "-i", "001", "-D", _install.Home]);

        code.Should().Be(1);
        stdout.ToString().Should().BeEmpty();
        stderr.ToString().Should().MatchRegex(@"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d agent_control\(1751\): ERROR: File client.keys not found or empty\.\n$");

        var noRemoted = new StringWriter();
        new AgentControlTool(new StringWriter(), noRemoted, TimeProvider.System, () => "mgr").Run(["-r", "-a", "-D", _install.Home]).Should().Be(1);
        noRemoted.ToString().Should().Contain("agent_control(1210): ERROR: Queue '").And.Contain("agent_control(1301): ERROR: Unable to connect to active response queue.\n");
    }

    [Fact]
    public void Help_is_OSSECs_text_with_our_options_appended_and_exit_0()
    {
        var (code, stdout) = Run("-h");

        code.Should().Be(0);
        stdout.Should().StartWith(AgentControlText.Help);
        stdout[AgentControlText.Help.Length..].Should().StartWith("\t--reset-counter <id>");
    }

    [Fact]
    public void Max_agents_and_FIM_maintenance_answer_in_OSSECs_shapes()
    {
        Run("-m").Should().Be((0, "Limit of agents: 99999999\n"));
        Run("-j", "-m").Should().Be((0, "{\"error\":0,\"data\":{\"max_agents\":99999999}}"));
        Run("-M", "status", "-u", "002").Should().Be((0, "\nOSSEC HIDS agent_control: Agent 002 FIM maintenance mode: disabled\n"));
        Run("-M", "status").Should().Be((1, "\n** -M requires -u <agent_id>.\n"));
        Run("-j", "-M", "bogus", "-u", "002").Should().Be((1, "{\"error\":45,\"description\":\"Invalid -M action (enable|disable|status|end)\"}"));
        Run("-M", "enable", "-u", "002").ExitCode.Should().Be(1, "no maintenance mode is claimed that nothing would honour");
    }

    [Theory]
    [InlineData(2026, 11, 2, 7, 5, 9, "Mon Nov  2 07:05:09 2026")]
    [InlineData(2026, 11, 22, 0, 48, 12, "Sun Nov 22 00:48:12 2026")]
    public void CTime_pads_the_day_with_a_space(int y, int mo, int d, int h, int mi, int s, string expected) =>
        AgentInfoReader.CTime(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero)).Should().Be(expected);

    public void Dispose() => _install.Dispose();

    private (int ExitCode, string Stdout) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = new AgentControlTool(stdout, stderr, TimeProvider.System, () => "mgr").Run(args.Length == 0 ? [] : [.. args, "-D", _install.Home]);
        return (code, stdout.ToString());
    }

    private void Info(string file, string content, TimeSpan age)
    {
        var path = _install.PathOf("queue", "agent-info", file);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }
}
