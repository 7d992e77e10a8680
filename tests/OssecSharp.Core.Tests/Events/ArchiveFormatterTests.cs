using System.Buffers;
using System.Text;
using System.Text.Json;
using OssecSharp.Core.Events;

namespace OssecSharp.Core.Tests.Events;

public sealed class ArchiveFormatterTests
{
    private static readonly DateTimeOffset When = new DateTimeOffset(2026, 11, 2, 7, 8, 9, TimeSpan.Zero).ToLocalTime();

    [Fact]
    public void Agent_location_has_no_host_prefix_as_in_OS_Store()
    {
        var e = new ArchiveEvent('1', "(web01) any->/var/log/auth.log", "Nov  2 07:08:09 web01 sshd[1]: Accepted", When, "001", "web01", "any");

        ArchiveFormatter.ArchiveLine(e, "manager")
            .Should().Be($"{When:yyyy} Nov 02 {When:HH:mm:ss} (web01) any->/var/log/auth.log Nov  2 07:08:09 web01 sshd[1]: Accepted\n");
    }

    [Fact]
    public void Local_location_gets_host_arrow_and_newlines_are_flattened()
    {
        var e = new ArchiveEvent('1', "ossec-agentless", "line1\nline2", When, Hostname: "host1");

        ArchiveFormatter.ArchiveLine(e, "manager").Should().EndWith(" host1->ossec-agentless line1 line2\n");
        ArchiveFormatter.ArchiveLine(e with { Hostname = null }, "manager").Should().EndWith(" manager->ossec-agentless line1 line2\n");
    }

    [Fact]
    public void Json_line_is_readable_and_still_valid_JSON()
    {
        const string message = "su: (to root) a+b on pts/0 > <x> & 'y' é 日本 \"q\" back\\slash tab\t nl\n bell\u0001 del\u007f";
        var e = new ArchiveEvent('1', "(web01) any->/var/log/auth.log", message, When, "001", "web01", "any");
        var buffer = new ArrayBufferWriter<byte>();

        ArchiveFormatter.JsonLine(e, "manager", buffer);

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        text.Should().Contain("\"full_log\":\"su: (to root) a+b on pts/0 > <x> & 'y' é 日本 \\\"q\\\" back\\\\slash tab\\t nl\\n bell\\u0001 del");
        text.Should().Contain("\"location\":\"(web01) any->/var/log/auth.log\"").And.NotContain("\\u002B").And.NotContain("\\u003E");
        text.Should().EndWith("}\n").And.NotContain("\n{");
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("full_log").GetString().Should().Be(message);
    }

    [Fact]
    public void Json_line_carries_agent_location_and_full_log()
    {
        var e = new ArchiveEvent('1', "(web01) any->/var/log/auth.log", "quote \" and \\ ok", When, "001", "web01", "any");
        var buffer = new ArrayBufferWriter<byte>();

        ArchiveFormatter.JsonLine(e, "manager", buffer);

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        text.Should().EndWith("}\n").And.NotContain("\n{");
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        root.GetProperty("agent").GetProperty("id").GetString().Should().Be("001");
        root.GetProperty("agent").GetProperty("name").GetString().Should().Be("web01");
        root.GetProperty("agent").GetProperty("ip").GetString().Should().Be("any");
        root.GetProperty("manager").GetProperty("name").GetString().Should().Be("manager");
        root.GetProperty("location").GetString().Should().Be("(web01) any->/var/log/auth.log");
        root.GetProperty("full_log").GetString().Should().Be("quote \" and \\ ok");
        root.GetProperty("timestamp").GetString().Should().MatchRegex(@"^2026-11-02T\d\d:\d\d:09\.000[+-]\d{4}$");
    }

    [Fact]
    public void Queue_datagram_is_code_location_message_and_NUL()
    {
        var e = new ArchiveEvent('1', "(web01) any->/var/log/auth.log", "hello", When);

        Encoding.UTF8.GetString(ArchiveFormatter.QueueDatagram(e)).Should().Be("1:(web01) any->/var/log/auth.log:hello\0");
    }
}
