using System.Text;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Core.Tests.Protocol;

public sealed class QueueAndFramingTests
{
    [Fact]
    public void Manager_rewrites_agent_events_as_observed()
    {
        var payload = "1:/var/log/auth.log:Nov 22 00:00:00 web01 sshd[123]: Accepted password for root"u8;
        var buffer = new byte[QueueMessage.MaxLength];
        QueueMessage.TryFormatForwarded(payload, "web01", "any", buffer, out var written).Should().BeTrue();
        Encoding.UTF8.GetString(buffer, 0, written).Should()
            .Be("1:(web01) any->/var/log/auth.log:Nov 22 00:00:00 web01 sshd[123]: Accepted password for root\0");

        QueueMessage.TryFormatForwarded("1:ossec:ossec: Agent started: 'web01->any'."u8, "web01", "any", buffer, out written, false)
            .Should().BeTrue();
        Encoding.UTF8.GetString(buffer, 0, written).Should().Be("1:(web01) any->ossec:ossec: Agent started: 'web01->any'.");

        QueueMessage.TryFormatForwarded("1x/var/log"u8, "a", "any", buffer, out _).Should().BeFalse("(1106)");
        QueueMessage.TryFormatForwarded("1:x"u8, "a", "any", new byte[5], out _).Should().BeFalse();
        QueueMessage.IsKeepaliveLocation("1:keepalive:x"u8).Should().BeTrue();
        QueueMessage.IsKeepaliveLocation("1:ossec-keepalive:--MARK--"u8).Should().BeFalse();
    }

    [Fact]
    public void Queue_messages_build_and_parse_including_ipv6_manager_locations()
    {
        var location = QueueMessage.ManagerLocation("v6-host", "2001:db8::10", "/var/log/messages");
        var message = new QueueMessage(QueueMessage.LocalFile, location, "text: with colon");
        message.ToString().Should().Be("1:(v6-host) 2001:db8::10->/var/log/messages:text: with colon");
        message.ToBytes(nulTerminated: true)[^1].Should().Be(0);

        QueueMessage.TryParse(message.ToBytes(nulTerminated: true), out var parsed).Should().BeTrue();
        parsed.Should().Be(message);

        QueueMessage.TryParse("8:syscheck:-1 /var/ossec/etc/ossec.conf"u8, out parsed).Should().BeTrue();
        parsed.Should().Be(new QueueMessage('8', "syscheck", "-1 /var/ossec/etc/ossec.conf"));
        QueueMessage.TryParse("1:nocolon"u8, out _).Should().BeFalse();
        QueueMessage.TryParse("1"u8, out _).Should().BeFalse();
    }

    [Fact]
    public void Tcp_frames_encode_and_parse_incrementally()
    {
        var frame = TcpFraming.Encode("!001!:12345678"u8);
        frame[..4].Should().Equal(14, 0, 0, 0);

        for (var cut = 0; cut < frame.Length; cut++)
        {
            TcpFraming.TryParse(frame.AsSpan(0, cut), out _, out _).Should().Be(FrameStatus.NeedMore);
        }

        var two = frame.Concat(frame).ToArray();
        TcpFraming.TryParse(two, out var payload, out var consumed).Should().Be(FrameStatus.Ok);
        Encoding.ASCII.GetString(payload).Should().Be("!001!:12345678");
        consumed.Should().Be(frame.Length);

        TcpFraming.TryParse(new byte[] { 0, 0, 0, 0 }, out _, out _).Should().Be(FrameStatus.TooLarge);
        TcpFraming.TryParse(new byte[] { 0xff, 0xff, 0xff, 0xff, 1 }, out _, out _).Should().Be(FrameStatus.TooLarge);
        TcpFraming.TryParse(new byte[] { 0, 0, 1, 0 }, out _, out _).Should().Be(FrameStatus.TooLarge);
        TcpFraming.TryParse(new byte[] { 0xff, 0xff, 0, 0 }, out _, out _).Should().Be(FrameStatus.NeedMore);
        FluentActions.Invoking(() => TcpFraming.Encode(ReadOnlySpan<byte>.Empty)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Merged_mg_builds_as_observed_and_splits_back()
    {
        var conf = Encoding.UTF8.GetBytes(new string('c', 139));
        var rootkit = "# rootkit file db\n"u8.ToArray();
        var merged = MergedMg.Build([new MergedMgEntry("agent.conf", conf), new MergedMgEntry("rootkit_files.txt", rootkit)]);
        Encoding.UTF8.GetString(merged).Should().StartWith("!139 agent.conf\ncccc").And.EndWith("!18 rootkit_files.txt\n# rootkit file db\n");

        MergedMg.TryParse(merged, out var entries).Should().BeTrue();
        entries.Select(e => e.Name).Should().Equal("agent.conf", "rootkit_files.txt");
        entries[1].Content.ToArray().Should().Equal(rootkit);

        MergedMg.TryParse("!99 x\nshort"u8.ToArray(), out _).Should().BeFalse();
        MergedMg.TryParse("garbage"u8.ToArray(), out _).Should().BeFalse();
        MergedMg.TryParse("!3 ../evil\nabc"u8.ToArray(), out entries).Should().BeTrue();
        entries[0].Name.Should().Be("-.-evil");
        MergedMg.TryParse(ReadOnlyMemory<byte>.Empty, out entries).Should().BeTrue();
        entries.Should().BeEmpty();
    }
}
