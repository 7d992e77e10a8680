using System.Text;
using OssecSharp.Core.Protocol;
using OssecSharp.Core.Tests.Crypto;

namespace OssecSharp.Core.Tests.Protocol;

public sealed class ControlMessagesTests
{
    [Fact]
    public void Every_recorded_control_payload_is_classified_and_keepalives_round_trip()
    {
        var keepalives = 0;
        foreach (var v in CryptoVectors.Messages)
        {
            var payload = v.Plaintext;
            var kind = ControlMessages.Classify(payload);
            if (!payload.AsSpan().StartsWith("#!-"u8))
            {
                kind.Should().Be(ControlKind.Event, v.Name);
                continue;
            }

            kind.Should().NotBe(ControlKind.Event, v.Name);
            if (kind == ControlKind.Other)
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

    [Fact]
    public void Fixed_messages_have_their_trailing_spaces()
    {
        Encoding.ASCII.GetString(ControlMessages.AgentStartup).Should().Be("#!-agent startup ");
        Encoding.ASCII.GetString(ControlMessages.AgentAck).Should().Be("#!-agent ack ");
        Encoding.ASCII.GetString(ControlMessages.CloseFile).Should().Be("#!-close file ");
        ControlMessages.Classify("#!-agent ack "u8).Should().Be(ControlKind.AgentAck);
        ControlMessages.Classify("#!-agent ack"u8).Should().Be(ControlKind.Other);
        ControlMessages.Classify("#!-syscheck restart"u8).Should().Be(ControlKind.SyscheckRestart);
        ControlMessages.Classify("1:x:y"u8).Should().Be(ControlKind.Event);
        ControlMessages.Classify(""u8).Should().Be(ControlKind.Event);
    }

    [Fact]
    public void Up_file_formats_as_recorded_and_parses_with_sanitised_names()
    {
        var up = ControlMessages.FormatUpFile("c993decb200c037ee78aa42455796ecd", "merged.mg");
        CryptoVectors.Message("manager->agent/file-update-header/bf").Plaintext.Should().Equal(up);

        ControlMessages.TryParseUpFile(up, out var md5, out var name).Should().BeTrue();
        md5.Should().Be("c993decb200c037ee78aa42455796ecd");
        name.Should().Be("merged.mg");

        ControlMessages.TryParseUpFile("#!-up file abc ../../etc/passwd\n"u8, out _, out name).Should().BeTrue();
        name.Should().Be("-.-..-etc-passwd");
        ControlMessages.TryParseUpFile("#!-up file abc\n"u8, out _, out _).Should().BeFalse();
        ControlMessages.TryParseUpFile("#!-up file abc \n"u8, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Execd_formats_as_recorded()
    {
        var v = CryptoVectors.Message("manager->agent/active-response/aes");
        ControlMessages.FormatExecd("restart-ossec0 - - 1732233600.12345 0 "u8).Should().Equal(v.Plaintext);
        ControlMessages.TryParseExecd(v.Plaintext, out var command).Should().BeTrue();
        Encoding.ASCII.GetString(command).Should().Be("restart-ossec0 - - 1732233600.12345 0 ");
        ControlMessages.FormatBare("syscheck restart"u8).Should().Equal("#!-syscheck restart"u8.ToArray());
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
