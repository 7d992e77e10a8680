using System.Buffers;
using System.Text;
using OssecSharp.Core.Events;

namespace OssecSharp.Core.Tests.Events;

public sealed class ReceivedEventWriterTests
{
    public static TheoryData<string> Payloads => new()
    {
        "1:/var/log/auth.log:Nov  2 07:08:09 web01 sshd[1]: Accepted",
        "1:loadtool:lt123456#7# xxxxxxxxxxxxxxxx",
        "1:/var/log/x.log:su: (to root) a+b on pts/0 > <x> & 'y' é 日本 \"q\" back\\slash tab\t nl\n cr\r bell\u0001 del\u007f",
        "8:syscheck:line one\nline two",
        "1:no-colon-after-location",
        "1:",
        "\":\"quoted queue\":text",
        "1:loc\nwith break:text",
        "1:emoji \U0001F600:a\u2028b",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Received_bytes_are_written_as_the_archive_formatter_writes_the_event(string text)
    {
        var agent = new ArchiveAgent("001", "web01", "10.0.0.0/24");
        var item = new QueuedEvent(null, agent, Encoding.UTF8.GetBytes(text), new DateTime(2026, 11, 2, 7, 8, 9, 123, DateTimeKind.Utc).Ticks, null);
        var legacy = ReceivedEventWriter.ToArchiveEvent(item);
        var writer = new ReceivedEventWriter("manager \"one\"");
        ReceivedEventWriter.CanWrite(item.Payload).Should().BeTrue();

        var line = new ArrayBufferWriter<byte>();
        writer.ArchiveLine(item, line);
        Encoding.UTF8.GetString(line.WrittenSpan).Should().Be(ArchiveFormatter.ArchiveLine(legacy, "manager \"one\""));

        var json = new ArrayBufferWriter<byte>();
        writer.JsonLine(item, json);
        var expected = new ArrayBufferWriter<byte>();
        ArchiveFormatter.JsonLine(legacy, "manager \"one\"", expected);
        json.WrittenSpan.ToArray().Should().Equal(expected.WrittenSpan.ToArray());

        var datagram = new ArrayBufferWriter<byte>();
        ReceivedEventWriter.QueueDatagram(item, datagram);
        datagram.WrittenSpan.ToArray().Should().Equal(ArchiveFormatter.QueueDatagram(legacy));
    }

    [Fact]
    public void Invalid_UTF_8_and_non_ASCII_queue_codes_are_left_to_the_archive_formatter()
    {
        ReceivedEventWriter.CanWrite([(byte)'1', (byte)':', (byte)'x', 0xC3, (byte)':', (byte)'y']).Should().BeFalse();
        ReceivedEventWriter.CanWrite([0xE9, (byte)':', (byte)'x']).Should().BeFalse();
        ReceivedEventWriter.CanWrite("1:x:y"u8).Should().BeTrue();
    }
}
