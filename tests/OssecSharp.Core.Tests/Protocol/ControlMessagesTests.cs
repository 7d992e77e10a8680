using System.Text;
using OssecSharp.Core.Protocol;
using OssecSharp.Core.Tests.Crypto;

namespace OssecSharp.Core.Tests.Protocol;

public sealed class ControlMessagesTests
{
    [Fact]
    public void Every_recorded_control_payload_is_classified_in_its_direction_and_keepalives_round_trip()
    {
        var keepalives = 0;
        foreach (var v in CryptoVectors.Messages)
        {
            var payload = v.Plaintext;
            var fromAgent = v.Name.Contains("agent->manager", StringComparison.Ordinal);
            var kind = fromAgent ? ControlMessage.FromAgent(payload).Kind : ControlMessage.FromManager(payload).Kind;
            if (!payload.AsSpan().StartsWith("#!-"u8))
            {
                kind.Should().Be(ControlKind.Event, v.Name);
                continue;
            }

            if (!fromAgent)
            {
                kind.Should().BeOneOf(
                    [ControlKind.AgentAck, ControlKind.UpFile, ControlKind.CloseFile, ControlKind.Execd, ControlKind.Other], v.Name);
                continue;
            }

            kind.Should().BeOneOf([ControlKind.AgentStartup, ControlKind.Keepalive], v.Name);
            if (kind == ControlKind.Keepalive)
            {
                KeepaliveMessage.TryParse(payload, out var keepalive).Should().BeTrue(v.Name);
                keepalive!.Files.Should().ContainSingle(f => f.Name == "merged.mg");
                keepalive.Uname.Should().EndWith(" - OSSEC HIDS v4.2.0");
                keepalive.Format().Should().Equal(payload, v.Name);
                keepalives++;
            }
        }

        keepalives.Should().BeGreaterThanOrEqualTo(4);
    }

    [Theory]
    [InlineData("#!-agent startup ", "AgentStartup", "", false)]
    [InlineData("#!-agent startup \0", "AgentStartup", "", true)]
    [InlineData("#!-agent startup \0ossecsharp sync", "LinkSync", "", true)]
    [InlineData("#!-agent startup \0ossecsharp other", "AgentStartup", "", true)]
    [InlineData("#!-agent startup", "Keepalive", "agent startup", false)]
    [InlineData("#!-agent shutdown ", "AgentShutdown", "", false)]
    [InlineData("#!-agent shutdown \0x", "Keepalive", "agent shutdown \0x", false)]
    [InlineData("#!-Linux vm 6.1 - OSSEC HIDS v4.2.0\nx merged.mg\n\nR", "Keepalive", "Linux vm 6.1 - OSSEC HIDS v4.2.0\nx merged.mg\n\nR",
        false)]
    [InlineData("#!-agent ack ", "Keepalive", "agent ack ", false)]
    [InlineData("1:/var/log/x:line", "Event", "1:/var/log/x:line", false)]
    [InlineData("", "Event", "", false)]
    public void Agent_payloads_are_classified_as_remoted_compares_them(string payload, string kind, string argument, bool trailer)
    {
        var message = ControlMessage.FromAgent(Encoding.ASCII.GetBytes(payload));
        message.Kind.ToString().Should().Be(kind);
        Encoding.ASCII.GetString(message.Argument).Should().Be(argument);
        message.HasTrailer.Should().Be(trailer);
    }

    [Theory]
    [InlineData("#!-agent ack ", "AgentAck", "", false)]
    [InlineData("#!-agent ack \0ossecsharp confirm 1:2", "AgentAck", "", true)]
    [InlineData("#!-agent ack", "Other", "agent ack", false)]
    [InlineData("#!-agent startup ", "Other", "agent startup ", false)]
    [InlineData("#!-close file ", "CloseFile", "", false)]
    [InlineData("#!-close file", "Other", "close file", false)]
    [InlineData("#!-syscheck restart", "SyscheckRestart", "", false)]
    [InlineData("#!-syscheck restartx", "SyscheckRestart", "", false)]
    [InlineData("#!-up file abc merged.mg\n", "UpFile", "abc merged.mg\n", false)]
    [InlineData("#!-execd restart-ossec0 - -\0tail", "Execd", "restart-ossec0 - -", true)]
    [InlineData("#!-hello there", "Other", "hello there", false)]
    [InlineData("!139 agent.conf\n", "Event", "!139 agent.conf\n", false)]
    public void Manager_payloads_are_classified_as_agentd_compares_them(string payload, string kind, string argument, bool trailer)
    {
        var message = ControlMessage.FromManager(Encoding.ASCII.GetBytes(payload));
        message.Kind.ToString().Should().Be(kind);
        Encoding.ASCII.GetString(message.Argument).Should().Be(argument);
        message.HasTrailer.Should().Be(trailer);
    }

    [Fact]
    public void Fixed_messages_have_their_trailing_spaces()
    {
        Encoding.ASCII.GetString(ControlMessage.AgentStartup).Should().Be("#!-agent startup ");
        Encoding.ASCII.GetString(ControlMessage.AgentAck).Should().Be("#!-agent ack ");
        Encoding.ASCII.GetString(ControlMessage.CloseFile).Should().Be("#!-close file ");
        Encoding.ASCII.GetString(ControlMessage.AgentShutdown).Should().Be("#!-agent shutdown ");
        ControlMessage.FormatBare(Encoding.ASCII.GetBytes(ControlMessage.SyscheckRestartBody))
            .Should().Equal(ControlMessage.SyscheckRestart.ToArray());
    }

    [Fact]
    public void Up_file_formats_as_recorded_and_splits_as_the_agent_reads_it()
    {
        var up = ControlMessage.FormatUpFile("c993decb200c037ee78aa42455796ecd", "merged.mg");
        CryptoVectors.Message("manager->agent/file-update-header/bf").Plaintext.Should().Equal(up);

        var message = ControlMessage.FromManager(up);
        message.Kind.Should().Be(ControlKind.UpFile);
        ControlMessage.TrySplitUpFile(message.Argument, out var md5, out var name).Should().BeTrue();
        Encoding.ASCII.GetString(md5).Should().Be("c993decb200c037ee78aa42455796ecd");
        Encoding.ASCII.GetString(name).Should().Be("merged.mg\n");

        // OSSEC's agent keeps 32 characters of the md5; the name is the receiver's to sanitise.
        ControlMessage.TrySplitUpFile(Encoding.ASCII.GetBytes(new string('a', 40) + " x\n"), out md5, out _).Should().BeTrue();
        md5.Length.Should().Be(32);
        ControlMessage.TrySplitUpFile("abc\n"u8, out _, out _).Should().BeFalse();
        ControlMessage.TrySplitUpFile(" name\n"u8, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Execd_formats_as_recorded()
    {
        var v = CryptoVectors.Message("manager->agent/active-response/aes");
        ControlMessage.FormatExecd("restart-ossec0 - - 1732233600.12345 0 "u8).Should().Equal(v.Plaintext);
        var message = ControlMessage.FromManager(v.Plaintext);
        message.Kind.Should().Be(ControlKind.Execd);
        Encoding.ASCII.GetString(message.Argument).Should().Be("restart-ossec0 - - 1732233600.12345 0 ");
        ControlMessage.FormatBare("syscheck restart"u8).Should().Equal("#!-syscheck restart"u8.ToArray());
    }

    [Fact]
    public void Keepalive_format_follows_the_spec_and_is_cut_at_1023_bytes()
    {
        var uname = KeepaliveMessage.FormatUname("Linux", "vm", "6.1", "#1 SMP", "x86_64");
        uname.Should().Be("Linux vm 6.1 #1 SMP x86_64 - OSSEC HIDS v4.2.0");
        var conf = new string('a', 32);
        var msg = new KeepaliveMessage(uname, conf, [new SharedFileSum("x", "merged.mg")], "R@nd");
        Encoding.UTF8.GetString(msg.Format()).Should().Be($"#!-{uname} / {conf}\nx merged.mg\n\nR@nd");
        msg.UnameLine.Should().Be($"{uname} / {conf}");

        KeepaliveMessage.TryParse(msg.Format(), out var parsed).Should().BeTrue();
        parsed!.AgentConfMd5.Should().Be(conf);
        parsed.Uname.Should().Be(uname);
        parsed.RandomTail.Should().Be("R@nd");

        var windows = msg with { RandomTail = null };
        Encoding.UTF8.GetString(windows.Format()).Should().EndWith("x merged.mg\n");

        var tail = KeepaliveMessage.CreateRandomTail(new Random(1));
        tail.Length.Should().BeLessThan(699);
        tail.Should().Match(t => t.All(c => KeepaliveMessage.RandomAlphabet.Contains(c)));
        (msg with { RandomTail = new string('z', 2000) }).Format().Length.Should().Be(KeepaliveMessage.MaxLength);

        KeepaliveMessage.TryParse("#!-no newline"u8, out _).Should().BeFalse();
        KeepaliveMessage.UnknownUname.Should().Be("No system info available -  OSSEC HIDS v4.2.0");
    }
}
