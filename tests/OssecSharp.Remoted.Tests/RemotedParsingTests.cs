using System.Text;
using OssecSharp.Remoted.ActiveResponse;
using OssecSharp.Remoted.Shared;
using OssecSharp.Remoted.Syslog;

namespace OssecSharp.Remoted.Tests;

/// <summary>Pure parsing rules of remoted: active-response requests, shared-file sums, syslog cleanup.</summary>
public sealed class RemotedParsingTests
{
    [Theory]
    [InlineData("(msg_to_agent) [] NNS 001 restart-ossec0 - -", "SpecificAgent", "001", false, "restart-ossec0 - -")]
    [InlineData("(msg_to_agent) [] N!S 001 syscheck restart", "SpecificAgent", "001", true, "syscheck restart")]
    [InlineData("(web01) any->/var/log/secure NRN (null) firewall-drop - 1.2.3.4 1.2 5712", "SourceAgent", "(null)", false,
        "firewall-drop - 1.2.3.4 1.2 5712")]
    [InlineData("(local_source) /var/log/x ANN (null) host-deny - 5.6.7.8 1.2 3", "AllAgents", "(null)", false,
        "host-deny - 5.6.7.8 1.2 3")]
    public void Active_response_requests_are_split_as_AR_Forward_does(string message, string target, string id, bool bare, string text)
    {
        ArRequest.TryParse(message + "\0", out var request).Should().BeTrue();
        request!.Target.ToString().Should().Be(target);
        request.AgentId.Should().Be(id);
        request.IsBareControl.Should().Be(bare);
        request.Text.Should().Be(text);
        Encoding.UTF8.GetString(request.ToPayload()).Should().Be(bare ? "#!-" + text : "#!-execd " + text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no parenthesis")]
    [InlineData("(x)")]
    [InlineData("(x) token")]
    [InlineData("(x) token NN")]
    [InlineData("(x) token NNS")]
    public void Malformed_active_response_requests_are_refused(string message) =>
        ArRequest.TryParse(message, out _).Should().BeFalse();

    [Fact]
    public void Merged_sum_decides_alone_and_old_agents_get_the_files_they_lack()
    {
        var conf = Encoding.UTF8.GetBytes("<agent_config/>\n");
        var files = new List<SharedFile>
        {
            new("agent.conf", conf, SharedFileCatalog.Md5Hex(conf)),
            new("rootkit_files.txt", [65], SharedFileCatalog.Md5Hex([65])),
        };
        var merged = Encoding.UTF8.GetBytes("merged");
        var snapshot = new SharedSnapshot(merged, SharedFileCatalog.Md5Hex(merged), files, "sig", 0);

        SharedFilePusher.FilesToSend($"uname\n{snapshot.MergedMd5} merged.mg\n\nrandom", snapshot, out _).Should().BeEmpty();
        SharedFilePusher.FilesToSend("uname\nx merged.mg\n\nrandom", snapshot, out _).Select(f => f.Name).Should().Equal("merged.mg");
        SharedFilePusher.FilesToSend($"uname\n{files[0].Md5} agent.conf\nbad rootkit_files.txt\n", snapshot, out _)
            .Select(f => f.Name).Should().Equal("rootkit_files.txt");
        SharedFilePusher.FilesToSend("uname\nnospace\n", snapshot, out var malformed).Should().BeEmpty();
        malformed.Should().Be("strchr ' '");
    }

    [Theory]
    [InlineData("<34>Nov 22 00:00:00 fw kernel: x\n", "Nov 22 00:00:00 fw kernel: x")]
    [InlineData("Nov 22 plain\r\n", "Nov 22 plain")]
    [InlineData("<not a pri at all> text", "<not a pri at all> text")]
    public void Syslog_priority_header_and_line_end_are_removed(string raw, string expected) =>
        SyslogListener.Clean(raw).Should().Be(expected);
}
