using System.Net.Sockets;
using System.Text;
using OssecSharp.ManageAgents.Text;
using OssecSharp.Tests.Common;

namespace OssecSharp.ManageAgents.Tests;

/// <summary>Dialog rules of manage-agents.md beyond the recorded sessions, run in-process with StringReader input.</summary>
public sealed class ManageAgentsBehaviourTests
{
    private const string Keys =
        "001 server01 192.168.1.10 1720eeb9a1d73f22e1f8e34e579fe9e5c7f80397d284d49ecfdb41953e1923e0\n"
        + "002 web-01.example.com any 950e48d929bce0a9343cdaa450d451dcb7b50eed3b36eaf36edbc351ec05152d\n";

    private static readonly string Banner = MenuText.Banner(agentBuild: false);

    [Fact]
    public void Backslash_q_returns_to_the_menu_without_a_message()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (code, stdout, _) = h.Run("A\n\\q\nQ\n");

        stdout.Should().Be(Banner + MenuText.AddNew + MenuText.AddName + Banner + "\n" + MenuText.Exit + MenuText.Exit);
        code.Should().Be(0);
        h.Keys.Should().Be(Keys);
    }

    [Fact]
    public void List_skips_lines_that_start_with_a_space_as_every_reader_does()
    {
        const string key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        using var h = new ManageAgentsHarness(clientKeys: $"   \n 002 spaced any {key}\n001 web01 any {key}\n  \n");

        var (code, stdout, _) = h.Run(string.Empty, "-l");

        code.Should().Be(0);
        stdout.Should().Be(MenuText.Available + "   ID: 001, Name: web01, IP: any\n\n");
        h.Run(string.Empty, "-e", "002").ExitCode.Should().Be(1, "a line starting with a space holds no agent");
    }

    [Fact]
    public void Bad_ids_are_refused_and_a_short_id_is_zero_padded()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (_, stdout, _) = h.Run("A\nnew01\n10.1.1.1\n12a\n123456789\n001\n5\nn\nQ\n");

        stdout.Should().Contain(MenuText.InvalidId("12a")).And.Contain(MenuText.InvalidId("123456789"))
            .And.Contain(MenuText.IdExists("001")).And.Contain(MenuText.AgentInfo("005", "new01", "10.1.1.1")).And.Contain(MenuText.AddNot);
        h.Keys.Should().Be(Keys, "the add was not confirmed");
    }

    [Fact]
    public void Duplicate_ip_is_refused_interactively_and_asked_again()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (_, stdout, _) = h.Run("A\nnew01\n192.168.1.10\n192.168.1.11\n\ny\nQ\n");

        stdout.Should().Contain(MenuText.DuplicatedIp("192.168.1.10") + MenuText.AddIp).And.Contain(MenuText.AgentAdded("003"));
        ManageAgentsVectors.Entries(h.Keys).Should().EndWith("003 new01 192.168.1.11");
    }

    [Fact]
    public void Duplicate_ip_on_the_command_line_exits_1_instead_of_looping_and_tells_analysisd()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);
        using var analysisd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        analysisd.Bind(new UnixDomainSocketEndPoint(h.Install.PathOf("queue", "ossec", "queue")));
        analysisd.ReceiveTimeout = 5000;

        var (code, stdout, _) = h.Run(string.Empty, "-a", "192.168.1.10", "-n", "dup01");

        code.Should().Be(1);
        stdout.Should().EndWith(MenuText.DuplicatedIp("192.168.1.10"));
        h.Keys.Should().Be(Keys);
        var buffer = new byte[256];
        Encoding.UTF8.GetString(buffer, 0, analysisd.Receive(buffer)).Should().Be("1:manage_agents:ossec: Duplicated IP 192.168.1.10");
    }

    [Fact]
    public void An_invalid_scripted_name_falls_back_to_the_keyboard_without_holding_the_lock()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (code, stdout, _) = h.Run("good01\n", "-a", "10.1.1.1", "-n", "bad name");

        code.Should().Be(0);
        stdout.Should().Contain(MenuText.AddName + MenuText.AddIp + MenuText.AddId("003") + MenuText.AgentInfo("003", "good01", "10.1.1.1"));
        stdout.Split("****************************************\n* OSSEC").Should().HaveCount(2, "the abandoned scripted attempt printed nothing");
        ManageAgentsVectors.Entries(h.Keys).Should().EndWith("003 good01 10.1.1.1");
    }

    [Fact]
    public void Json_mode_answers_with_OSSEC_objects_and_codes()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        h.Run(string.Empty, "-j", "-a", "10.9.9.9", "-n", "json01").Should().Be(
            (0, "{\"error\":0,\"response\":\"Agent added with ID 003\"}manage_agents: Exiting.\n", string.Empty));
        h.Run(string.Empty, "-j", "-a", "10.9.9.8", "-n", "bad name").Should().Be(
            (1, "{\"error\":76,\"description\":\"Invalid name for agent\"}", string.Empty));
        h.Run(string.Empty, "-j", "-a", "999.1.1.1", "-n", "json02").Should().Be(
            (1, "{\"error\":77,\"description\":\"Invalid IP for agent\"}", string.Empty));
        h.Run(string.Empty, "-j", "-a", "10.9.9.9", "-n", "json03").Should().Be(
            (1, "{\"error\":79,\"description\":\"Duplicated IP for agent\"}", string.Empty));
        h.Run(string.Empty, "-j", "-r", "77").Should().Be(
            (1, "{\"error\":78,\"description\":\"Invalid ID '077' given. ID is not present\"}", string.Empty));
        h.Run(string.Empty, "-j", "-e", "9").Should().Be(
            (1, "{\"error\":70,\"description\":\"Invalid ID '009' given. ID is not present\"}", string.Empty));
        h.Run(string.Empty, "-j", "-e", "1").Stdout.Should().StartWith("{\"error\":0,\"response\":\"MDAxIHNlcnZlcjAx");
        h.Run(string.Empty, "-j", "-r", "3").Should().Be((0, "{\"error\":0,\"response\":\"Agent removed\"}manage_agents: Exiting.\n", string.Empty));
    }

    [Fact]
    public void Bulk_load_from_stdin_adds_valid_lines_and_reports_the_others_in_order()
    {
        var keys = string.Concat(Enumerable.Range(1, 7).Select(i => $"{i:D3} web0{i - 1} 10.0.0.{i} {new string('a', 64)}\n"))
            .Replace("web00", "web-zero", StringComparison.Ordinal);
        using var h = new ManageAgentsHarness(clientKeys: keys);
        var input = "10.2.2.2,bulk01\n  10.2.2.3 , bulk02 \nbadip,bulk03\n10.2.2.4,b\n10.2.2.5\n\n10.2.2.6,web01\n";

        var (code, stdout, _) = h.Run(input, "-f", "-");

        code.Should().Be(0);
        stdout.Should().Be("Bulk load file: -\nReading bulk agents from stdin\n"
            + MenuText.AgentInfo("008", "bulk01", "10.2.2.2") + MenuText.AgentAdded("008")
            + MenuText.AgentInfo("009", "bulk02", "10.2.2.3") + MenuText.AgentAdded("009")
            + MenuText.InvalidIp("badip") + MenuText.InvalidName("b") + MenuText.InvalidName(string.Empty) + MenuText.NameExists("web01"));
        ManageAgentsVectors.Entries(h.Keys).Should().EndWith(["008 bulk01 10.2.2.2", "009 bulk02 10.2.2.3"]);
    }

    [Fact]
    public void Bulk_file_that_does_not_exist_is_a_clear_error()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (code, stdout, stderr) = h.Run(string.Empty, "-f", Path.Combine(h.Home, "missing.csv"));

        code.Should().Be(1);
        stdout.Should().Contain("Opening: [");
        stderr.Should().Contain("Could not open file").And.Contain("No such file or directory");
        h.Keys.Should().Be(Keys);
    }

    [Fact]
    public void Remove_leaves_no_key_material_and_deletes_the_agent_state()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);
        var info = h.Install.PathOf("queue", "agent-info", "server01-192.168.1.10");
        var rids = h.Install.PathOf("queue", "rids", "001");
        var syscheck = h.Install.PathOf("queue", "syscheck", "(server01) 192.168.1.10->syscheck");
        foreach (var file in new[] { info, rids, syscheck })
        {
            File.WriteAllText(file, "x");
        }

        var (code, stdout, _) = h.Run("R\n1\ny\nQ\n");

        code.Should().Be(0);
        stdout.Should().Contain(MenuText.Removed("001")).And.NotContain(MenuText.MustRestart, "remoted reloads client.keys by itself");
        var removed = Keys.Split('\n')[0];
        h.Keys.Should().Be(RemovedKeyLine.Of(removed) + "\n" + Keys.Split('\n')[1] + "\n");
        File.Exists(info).Should().BeFalse();
        File.Exists(rids).Should().BeFalse();
        File.Exists(syscheck).Should().BeFalse();
        h.Run(string.Empty, "-e", "001").ExitCode.Should().Be(1, "a removed agent has no key to extract");
        h.Run("A\nagain01\n10.3.3.3\n\ny\nQ\n").Stdout.Should().Contain(MenuText.AddId("003"), "removed ids are never reused");
    }

    [Fact]
    public void End_of_input_ends_the_tool_with_OSSEC_message_and_no_change()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        var (code, stdout, _) = h.Run("A\nnew01\n");

        code.Should().Be(1);
        stdout.Should().EndWith(MenuText.AddIp + MenuText.InputTooLarge);
        h.Keys.Should().Be(Keys);
    }

    [Fact]
    public void A_line_of_512_bytes_is_too_large()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);

        h.Run(new string('L', 511) + "\n").Should().Be((1, Banner + MenuText.InputTooLarge, string.Empty));
        h.Run(new string('L', 510) + "\n\nQ\n").ExitCode.Should().Be(0);
    }

    [Fact]
    public void Force_option_replaces_a_silent_agent_holding_the_ip()
    {
        using var h = new ManageAgentsHarness(clientKeys: Keys);
        var info = h.Install.PathOf("queue", "agent-info", "server01-192.168.1.10");
        File.WriteAllText(info, "Linux server01 - OSSEC HIDS v4.2.0\n");
        File.SetLastWriteTimeUtc(info, DateTime.UtcNow.AddHours(-2));

        h.Run(string.Empty, "-a", "192.168.1.10", "-n", "fresh01", "-F", "86400").ExitCode.Should().Be(1, "the holder was seen 2 h ago");
        var (code, stdout, _) = h.Run(string.Empty, "-a", "192.168.1.10", "-n", "fresh01", "-F", "3600");

        code.Should().Be(0);
        stdout.Should().Contain(MenuText.AgentAdded("003"));
        ManageAgentsVectors.Entries(h.Keys).Should().Equal("001 removed", "002 web-01.example.com any", "003 fresh01 192.168.1.10");
        Directory.GetDirectories(h.Install.PathOf("backup", "agents")).Should().ContainSingle()
            .Which.Should().Contain("server01-192.168.1.10-");
        File.Exists(info).Should().BeFalse();
    }

    [Fact]
    public void Wrong_build_flags_and_actions_are_refused()
    {
        using var agent = new ManageAgentsHarness("agent", Keys);
        var (code, stdout, stderr) = agent.Run(string.Empty, "-e", "001");
        code.Should().Be(1);
        stdout.Should().BeEmpty();
        stderr.Should().MatchRegex(@"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d manage_agents: Key export only available on a master\.\n$");
        agent.Install.ReadOssecLog().Should().Contain("manage_agents: Key export only available on a master.");
        agent.Run("A\nQ\n").Stdout.Should().Contain(MenuText.AddOnlyOnMaster);

        using var manager = new ManageAgentsHarness("server", Keys);
        manager.Run(string.Empty, "-i", "abc").ExitCode.Should().Be(1);
        manager.Run("I\nQ\n").Stdout.Should().Contain(MenuText.ImportOnlyOnAgent);
    }

    [Fact]
    public void Import_replaces_the_agent_keys_and_resets_the_manager_counter()
    {
        using var h = new ManageAgentsHarness("agent", "009 old-name any " + new string('b', 64) + "\n");
        File.WriteAllText(h.Install.PathOf("queue", "rids", "009"), "5:5:");
        File.WriteAllText(h.Install.PathOf("queue", "rids", "sender_counter"), "7:7:");
        var line = "001 server01 192.168.1.10 1720eeb9a1d73f22e1f8e34e579fe9e5c7f80397d284d49ecfdb41953e1923e0";

        var (code, stdout, _) = h.Run("y\n\n", "-i", KeyLineCodec.Encode(line));

        code.Should().Be(0);
        stdout.Should().Be("\n" + MenuText.AgentInfo("001", "server01", "192.168.1.10") + MenuText.AddConfirm + MenuText.Added + MenuText.PressEnter);
        h.Keys.Should().Be(line + "\n");
        File.Exists(h.Install.PathOf("queue", "rids", "009")).Should().BeFalse();
        File.ReadAllText(h.Install.PathOf("queue", "rids", "sender_counter")).Should().Be("7:7:", "the manager may hold a higher counter");
    }

    [Theory]
    [InlineData("bm90LWEta2V5")]
    [InlineData("MDAxIHNlcnZlcjAx")]
    public void Import_of_a_bad_key_leaves_client_keys_alone(string key)
    {
        using var h = new ManageAgentsHarness("agent", "009 old-name any " + new string('b', 64) + "\n");

        var (code, stdout, _) = h.Run("\n", "-i", key);

        code.Should().Be(0);
        stdout.Should().Be(MenuText.NoKey + MenuText.PressEnter);
        h.Keys.Should().StartWith("009 old-name");
    }
}
