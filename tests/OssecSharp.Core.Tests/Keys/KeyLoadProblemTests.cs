using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;
using Serilog;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>Every client.keys line the daemons do not load is a problem with its line number, logged once.</summary>
public sealed class KeyLoadProblemTests
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly string s_file =
        $"001 web01 any {K}\n"                  // 1: loaded
        + "garbage\n"                            // 2: no space
        + "\n"                                   // 3: empty
        + $"002 ../../../p5pwn 127.0.0.1 {K}\n"  // 4: name with '/'
        + $"003 bad 999.1.1.1 {K}\n"             // 5: invalid ip
        + $"a/b x1 any {K}\n"                    // 6: id not digits
        + $".. x2 any {K}\n"                     // 7: id not digits
        + $"001 again any {K}\n"                 // 8: id of line 1
        + $"004 crlf any {K}\r\n"                // 9: loaded, key ends in \r
        + $"   005 spaced any {K}\n"             // 10: starts with a space: skipped silently
        + "006 two fields\n";                    // 11: missing the key

    [Fact]
    public void Each_bad_line_is_a_problem_with_its_number_and_reason()
    {
        var table = KeyTable.Parse(s_file);

        table.Entries.Select(e => e.Id).Should().Equal("001", "004");
        table.Entries[1].Key.Should().Be(K + "\r", "the key keeps the \\r, as OSSEC reads it");
        table.Problems.Should().Equal(
            new KeyLoadProblem(2, KeyLoadProblemKind.Malformed, "garbage"),
            new KeyLoadProblem(3, KeyLoadProblemKind.Malformed, string.Empty),
            new KeyLoadProblem(4, KeyLoadProblemKind.InvalidName, "../../../p5pwn", "002"),
            new KeyLoadProblem(5, KeyLoadProblemKind.InvalidIp, "999.1.1.1", "003"),
            new KeyLoadProblem(6, KeyLoadProblemKind.InvalidId, "a/b"),
            new KeyLoadProblem(7, KeyLoadProblemKind.InvalidId, ".."),
            new KeyLoadProblem(8, KeyLoadProblemKind.DuplicateId, "001", "1"),
            new KeyLoadProblem(9, KeyLoadProblemKind.CarriageReturnInKey, "004"),
            new KeyLoadProblem(11, KeyLoadProblemKind.Malformed, "006"));
        table.FindById("a/b").Should().BeNull();
        table.FindByName("again").Should().BeNull("a repeated id is not a second agent");
        table.NextManageAgentsId().Should().Be("005", "the ids of skipped lines with a valid id stay used");
    }

    [Fact]
    public void The_report_logs_each_problem_once_with_ossecs_lines_where_it_has_one()
    {
        var sink = new CollectingSink("ossec-remoted");
        var report = new KeyLoadReport(new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger());
        var table = KeyTable.Parse(s_file);

        report.Log(table).Should().Be(9);
        report.Log(KeyTable.Parse(s_file)).Should().Be(0, "a reload of the same file says nothing new");

        sink.Lines.Should().Equal(
            "ossec-remoted(1401): ERROR: Error reading authentication key: 'garbage'. (client.keys line 2: fewer than 4 fields (id name ip key); line skipped)",
            "ossec-remoted(1401): ERROR: Error reading authentication key: ''. (client.keys line 3: fewer than 4 fields (id name ip key); line skipped)",
            "ossec-remoted: ERROR: client.keys line 4: agent '002' has an invalid name '../../../p5pwn' (only A-Z a-z 0-9 . _ - allowed); line skipped.",
            "ossec-remoted(1237): ERROR: Invalid ip address: '999.1.1.1'. (client.keys line 5: agent '003' skipped)",
            "ossec-remoted: ERROR: client.keys line 6: invalid agent id 'a/b' (1 to 8 digits expected); line skipped.",
            "ossec-remoted: ERROR: client.keys line 7: invalid agent id '..' (1 to 8 digits expected); line skipped.",
            "ossec-remoted: ERROR: client.keys line 8: agent id '001' is already used on line 1; line skipped.",
            "ossec-remoted: WARN: client.keys line 9: the key of agent '004' ends with a carriage return (CRLF line end); it is kept as part of the key, as OSSEC reads it.",
            "ossec-remoted(1401): ERROR: Error reading authentication key: '006'. (client.keys line 11: fewer than 4 fields (id name ip key); line skipped)");
    }

    [Fact]
    public void Quoted_text_is_cut_and_control_bytes_are_escaped()
    {
        var problem = new KeyLoadProblem(1, KeyLoadProblemKind.InvalidId, "\u0001" + new string('9', 400));
        var text = KeyLoadReport.Describe(problem);
        text.Should().StartWith("client.keys line 1: invalid agent id '\\x01999").And.Contain("…'");
        text.Length.Should().BeLessThan(260);
    }
}
