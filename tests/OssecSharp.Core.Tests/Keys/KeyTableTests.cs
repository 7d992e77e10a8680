using System.Net;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Tests.Keys;

public sealed class KeyTableTests
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly KeyTable s_table = KeyTable.Parse(
        $"001 web01 10.0.0.1 {K}\n" +
        $"002 net 10.1.0.0/16 {K}\n" +
        $"003 anyhost any {K}\n" +
        $"004 v6 2001:db8::10 {K}\n" +
        $"001 dupid 10.0.0.9 {K}\n" +
        $"005 web01 10.0.0.5 {K}\n" +
        $"006 dupip 10.0.0.1 {K}\n");

    [Fact]
    public void First_entry_wins_for_every_lookup()
    {
        s_table.FindById("001")!.Name.Should().Be("web01");
        s_table.FindByName("web01")!.Id.Should().Be("001");
        s_table.FindByIpString("10.0.0.1")!.Id.Should().Be("001");
        s_table.Entries.Should().HaveCount(6, "a later line with a used id is skipped");
        s_table.Problems.Should().Equal(new KeyLoadProblem(5, KeyLoadProblemKind.DuplicateId, "001", "1"));
    }

    [Fact]
    public void Ids_compare_as_strings()
    {
        s_table.FindById("1").Should().BeNull();
        s_table.FindById("001").Should().NotBeNull();
    }

    [Theory]
    [InlineData(null, "10.0.0.1", "001")]
    [InlineData(null, "::ffff:10.0.0.1", "001")]
    [InlineData(null, "10.1.2.3", null)]
    [InlineData(null, "2001:db8::10", "004")]
    [InlineData("002", "10.1.2.3", "002")]
    [InlineData("002", "10.2.0.1", null)]
    [InlineData("003", "192.0.2.7", "003")]
    [InlineData("001", "10.0.0.1", "001")]
    [InlineData("001", "10.0.0.2", null)]
    [InlineData("999", "10.0.0.1", null)]
    public void FindForSource_follows_the_manager_lookup_rules(string? id, string source, string? expected)
    {
        s_table.FindForSource(id, IPAddress.Parse(source))?.Id.Should().Be(expected);
        if (expected is null)
        {
            s_table.FindForSource(id, IPAddress.Parse(source)).Should().BeNull();
        }
    }

    [Fact]
    public void Any_never_matches_by_source_string()
    {
        s_table.FindByIpString("any").Should().BeNull();
    }

    [Theory]
    [InlineData("", "001")]
    [InlineData("001 a any k\n", "002")]
    [InlineData("001 a any k\n1024 b any k\n", "1025")]
    [InlineData("00000042 a any k\n", "001")]
    [InlineData("007 #*#*#*#*#*#*#*#*#*#*#\n", "008")]
    [InlineData("999 a any k\n", "1000")]
    [InlineData("99999 a any k\n", "100000")]
    public void Manage_agents_default_id_is_highest_plus_one(string file, string expected) =>
        KeyTable.Parse(file).NextManageAgentsId().Should().Be(expected);

    [Theory]
    [InlineData("", "1024")]
    [InlineData("001 a any k\n", "1024")]
    [InlineData("1024 a any k\n1026 b any k\n", "1025")]
    [InlineData("1024 #*#*#*#*#*#*#*#*#*#*#\n", "1025")]
    [InlineData("01024 a any k\n", "1025")]
    public void Authd_id_is_smallest_free_from_1024(string file, string expected) =>
        KeyTable.Parse(file).NextAuthdId().Should().Be(expected);

    [Fact]
    public void No_fixed_agent_cap()
    {
        var text = string.Concat(Enumerable.Range(1024, 5000).Select(i => $"{i} n{i} any {K}\n"));
        var table = KeyTable.Parse(text);
        table.Count.Should().Be(5000);
        table.NextAuthdId().Should().Be("6024");
    }

    [Fact]
    public void Appending_batch_after_batch_answers_as_the_whole_file_parsed_at_once()
    {
        // 300 lines, then 700 appended in batches of 1 to 4: past the fold (256 entries kept apart) twice. Duplicates of
        // earlier names and addresses are appended too (the store never appends a used id): the first in file order
        // must keep winning.
        var lines = Enumerable.Range(1024, 300).Where(i => i != 1100).Select(i => $"{i} n{i} 10.0.{i / 256}.{i % 256} {K}").ToList();
        var table = KeyTable.Parse(string.Join('\n', lines) + "\n");
        var random = new Random(15);
        for (var next = 1400; next < 2100;)
        {
            var batch = new List<KeyEntry>();
            for (var n = random.Next(1, 5); n > 0; n--, next++)
            {
                var (id, name, ip) = (next % 97) switch
                {
                    1 => (next.ToString(System.Globalization.CultureInfo.InvariantCulture), "n1031", "any"),
                    2 => (next.ToString(System.Globalization.CultureInfo.InvariantCulture), $"ip{next}", "10.0.4.10"),
                    _ => (next.ToString(System.Globalization.CultureInfo.InvariantCulture), $"n{next}", "any"),
                };
                KeyIp.TryParse(ip, out var parsed).Should().BeTrue();
                batch.Add(new KeyEntry(id, name, parsed, K));
                lines.Add($"{id} {name} {ip} {K}");
            }

            table = table.WithAppended(batch);
            table.NextAuthdId().Should().Be("1100");
        }

        var whole = KeyTable.Parse(string.Join('\n', lines) + "\n");
        table.Count.Should().Be(whole.Count);
        table.Entries.Select(e => $"{e.Id} {e.Name} {e.IpField}").Should().Equal(whole.Entries.Select(e => $"{e.Id} {e.Name} {e.IpField}"));
        foreach (var probe in new[] { "1030", "1031", "1100", "1500", "2099", "2100" })
        {
            table.FindById(probe)?.Name.Should().Be(whole.FindById(probe)?.Name, probe);
            table.IsIdUsed(probe).Should().Be(whole.IsIdUsed(probe), probe);
        }

        foreach (var name in new[] { "n1031", "n1500", "n2099", "ip1457", "nobody" })
        {
            table.FindByName(name)?.Id.Should().Be(whole.FindByName(name)?.Id, name);
        }

        table.FindByIpString("10.0.4.10")?.Id.Should().Be(whole.FindByIpString("10.0.4.10")!.Id, "the first holder of the address");
        table.NextManageAgentsId().Should().Be(whole.NextManageAgentsId());
    }
}
