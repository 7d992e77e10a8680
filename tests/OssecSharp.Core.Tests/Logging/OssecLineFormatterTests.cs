using System.Text.RegularExpressions;
using OssecSharp.Core.Logging;
using OssecSharp.Tests.Common;
using Serilog.Events;

namespace OssecSharp.Core.Tests.Logging;

public sealed class OssecLineFormatterTests
{
    [Theory]
    [InlineData(LogEventLevel.Information, "INFO")]
    [InlineData(LogEventLevel.Warning, "WARN")]
    [InlineData(LogEventLevel.Error, "ERROR")]
    [InlineData(LogEventLevel.Fatal, "CRITICAL")]
    [InlineData(LogEventLevel.Debug, "DEBUG")]
    [InlineData(LogEventLevel.Verbose, "DEBUG")]
    public void Level_words_are_OSSECs(LogEventLevel level, string word)
    {
        OssecLineFormatter.LevelName(level).Should().Be(word);
    }

    [Fact]
    public void Line_has_local_timestamp_tag_level_and_literal_strings()
    {
        var (logger, sink) = CollectingSink.CreateLogger("ossec-remoted");
        logger.Information("Started (pid: {Pid}).", 4242);
        logger.Warning("Agent {Name} sent '{Text}'", "web01", "x");

        var line = OssecLineFormatter.Format(sink.Events[0], "ossec-remoted");
        line.Should().MatchRegex(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} ossec-remoted: INFO: Started \(pid: 4242\)\.\n$");
        var expectedStamp = sink.Events[0].Timestamp.ToLocalTime().ToString("yyyy/MM/dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        line.Should().StartWith(expectedStamp + " ");
        sink.Lines[1].Should().Be("ossec-remoted: WARN: Agent web01 sent 'x'");
    }

    [Fact]
    public void Numbered_and_unprefixed_lines_follow_OSSEC()
    {
        var (logger, sink) = CollectingSink.CreateLogger("ossec-remoted");
        logger.WithCode(1408).Error("Invalid ID {Id} for the source ip: '{Ip}'.", "003", "10.0.0.1");
        logger.Unprefixed().Information("Accepting connections. Using password specified on file: {File}", "/etc/authd.pass");

        sink.Lines[0].Should().Be("ossec-remoted(1408): ERROR: Invalid ID 003 for the source ip: '10.0.0.1'.");
        sink.Lines[1].Should().Be("Accepting connections. Using password specified on file: /etc/authd.pass");
    }

    [Fact]
    public void Newlines_and_exceptions_stay_on_one_line()
    {
        var (logger, sink) = CollectingSink.CreateLogger("ossec-agentd");
        logger.Error(new IOException("disk\nfull"), "Cannot write {File}", "a\nb");

        var line = OssecLineFormatter.Format(sink.Events[0], "ossec-agentd");
        Regex.Matches(line, "\n").Count.Should().Be(1);
        line.Should().EndWith("ossec-agentd: ERROR: Cannot write a b (IOException: disk full)\n");
    }
}
