using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Tests.Keys;

public sealed class KeyFileParserTests
{
    private const string Key = "1720eeb9a1d73f22e1f8e34e579fe9e5c7f80397d284d49ecfdb41953e1923e0";

    [Fact]
    public void Malformed_lines_are_skipped_with_their_line_number_and_loading_continues()
    {
        var content = KeyFileParser.Parse($"\nnospace\n001 onlyname\n002 name 10.0.0.1\n003 ok any {Key}\n");

        content.Entries.Select(e => e.Id).Should().Equal("003");
        content.Problems.Should().BeEquivalentTo(new[]
        {
            new KeyLoadProblem(1, KeyLoadProblemKind.Malformed, string.Empty),
            new KeyLoadProblem(2, KeyLoadProblemKind.Malformed, "nospace"),
            new KeyLoadProblem(3, KeyLoadProblemKind.Malformed, "001"),
            new KeyLoadProblem(4, KeyLoadProblemKind.Malformed, "002"),
        });
    }

    [Fact]
    public void Key_is_the_rest_of_the_line_including_spaces()
    {
        var entry = KeyFileParser.Parse("001 a1 any key with spaces\n").Entries.Single();
        entry.Key.Should().Be("key with spaces");
    }

    [Fact]
    public void Fields_are_cut_to_127_bytes()
    {
        var longName = new string('n', 200);
        var entry = KeyFileParser.Parse($"001 {longName} any {new string('k', 300)}").Entries.Single();
        entry.Name.Should().HaveLength(127);
        entry.Key.Should().HaveLength(127);
    }

    [Fact]
    public void Invalid_ip_is_a_distinct_problem_and_its_id_stays_used()
    {
        var content = KeyFileParser.Parse($"001 a1 10.0.0.0/255.255.255.0 {Key}\n002 a2 host.example {Key}\n");
        content.Entries.Should().BeEmpty();
        content.FirstInvalidIp.Should().Be(new KeyLoadProblem(1, KeyLoadProblemKind.InvalidIp, "10.0.0.0/255.255.255.0", "001"));
        content.Problems.Should().HaveCount(2);
        new KeyTable(content).NextManageAgentsId().Should().Be("003");
    }

    [Fact]
    public void Removed_markers_of_both_forms_keep_ids_used()
    {
        var table = new KeyTable(KeyFileParser.Parse($"# comment\n004 #*#*#*#*#*#*#*#*#*#*#tail\n#009 #*#*#*#*#*#*#*#*#*#*#\n"));
        table.Count.Should().Be(0);
        table.IsIdUsed("004").Should().BeTrue();
        table.IsIdUsed("009").Should().BeTrue();
        table.NextManageAgentsId().Should().Be("010");
        table.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Overlong_line_is_split_like_fgets_with_a_2048_byte_buffer()
    {
        var line = "001 a1 any " + new string('k', 3000);
        var content = KeyFileParser.Parse(line + "\n002 a2 any " + Key + "\n");
        content.Entries.Select(e => e.Id).Should().Equal("001", "002");
        content.Problems.Should().Contain(p => p.Kind == KeyLoadProblemKind.LineTooLong && p.LineNumber == 1);
        content.Problems.Should().Contain(p => p.Kind == KeyLoadProblemKind.Malformed && p.LineNumber == 1);
    }
}
