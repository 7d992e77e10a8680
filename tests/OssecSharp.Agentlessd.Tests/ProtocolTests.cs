using OssecSharp.Agentlessd.Protocol;

namespace OssecSharp.Agentlessd.Tests;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("ERROR: Unable to connect.", "Error", "Unable to connect.")]
    [InlineData("INFO: Started.", "Info", "Started.")]
    [InlineData("FWD: 1:2:3:4:a:b /x", "Forward", "1:2:3:4:a:b /x")]
    [InlineData("FWD:", "Forward", "")]
    [InlineData("LOG: hello", "Log", "hello")]
    [InlineData("STORE: now", "Store", "now")]
    [InlineData("DATA: INFO: not protocol", "Data", "INFO: not protocol")]
    [InlineData("REJECT: bad", "Reject", "bad")]
    [InlineData("ERROR:no space", "Other", "ERROR:no space")]
    [InlineData("spawn ssh root@h", "Other", "spawn ssh root@h")]
    public void Parse_classifies_lines_as_OSSEC_does(string line, string kind, string text) =>
        ScriptLine.Parse(line).Should().Be(new ScriptLine(Enum.Parse<ScriptLineKind>(kind), text));

    [Fact]
    public async Task LineReader_splits_at_every_CR_and_LF_and_skips_empty_lines()
    {
        var reader = new LineReader(new StringReader("a\r\n\u001b[?2004l\rFWD: x\r\n\r\n\nlast"));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        lines.Should().Equal("a", "\u001b[?2004l", "FWD: x", "last");
    }

    [Fact]
    public async Task LineReader_caps_overlong_lines()
    {
        var reader = new LineReader(new StringReader(new string('x', LineReader.MaxLineLength + 10) + "\nnext\n"));

        (await reader.ReadLineAsync(CancellationToken.None))!.Length.Should().Be(LineReader.MaxLineLength);
        (await reader.ReadLineAsync(CancellationToken.None)).Should().Be("next");
        reader.TruncatedLines.Should().Be(1);
    }

    [Fact]
    public void LogText_escapes_control_characters() =>
        LogText.Sanitize("a\u001b[2Jb\nc").Should().Be(@"a\x1b[2Jb\x0ac");
}
