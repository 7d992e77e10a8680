using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>The byte scan a one-shot writer uses must answer every lookup exactly as the parsed table does.</summary>
public sealed class KeyFileScanTests
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly string s_longName = new('n', 140);

    // Removed lines in both forms, comments, a leading space, CRLF, duplicate names/ids/ips, paddings of one id,
    // unreadable ips, CIDR, negation, any, IPv6, malformed lines, a Latin-1 byte, a field over 127 bytes, a line
    // longer than fgets' buffer whose chunks hold entries, and a last line without newline.
    private static readonly string s_tricky =
        "# 001 comment any key\n"
        + $"001 web01 10.0.0.1 {K}\n"
        + "002 #*#*#*#*#*#*#*#*#*#*#\n"
        + "#007 #*#*#*#*#*#*#*#*#*#*#\n"
        + $" 003 spaced 10.0.0.3 {K}\n"
        + $"004 crlf 10.0.0.4 {K}\r\n"
        + $"005 web01 10.0.0.5 {K}\n"
        + $"001 dupid 10.0.0.9 {K}\n"
        + $"006 dupip 10.0.0.1 {K}\n"
        + $"1 one 10.0.1.1 {K}\n"
        + $"0001 oneagain 10.0.1.2 {K}\n"
        + $"1000 thousand 10.0.1.3 {K}\n"
        + $"0999 padded 10.0.1.4 {K}\n"
        + $"010 badip 999.1.1.1 {K}\n"
        + $"011 net 10.1.0.0/16 {K}\n"
        + $"012 net2 10.1.0.0/24 {K}\n"
        + $"013 neg !10.0.0.13 {K}\n"
        + $"014 anyhost any {K}\n"
        + $"015 anyslash any/24 {K}\n"
        + $"016 v6 2001:db8::10 {K}\n"
        + $"017 v6net 2001:db8::/64 {K}\n"
        + "\n"
        + "justoneword\n"
        + "018 twofields\n"
        + "019 three fields\n"
        + $"020 caf\u00e9 10.0.0.20 {K}\n"
        + $"021 {s_longName} 10.0.0.21 {K}\n"
        + $"022 long 10.0.0.22 {new string('k', 2047 - 19)}023 inchunk 10.0.0.23 {K}\n"
        + $"2500 bigger 10.0.0.25 {K}\n"
        + $"0025000 zeropadded 10.0.0.26 {K}\n"
        + $"024 last 10.0.0.24 {K}";

    public static TheoryData<string> Files => new()
    {
        s_tricky,
        s_tricky + "\n",
        s_tricky.Replace("\n", "\r\n", StringComparison.Ordinal),
        string.Empty,
        "001 #*#*#*#*#*#*#*#*#*#*#\n",
        $"{new string('x', 2047 * 2)}\n{new string('y', 2047)}\n002 after any {K}\n",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Answers_every_lookup_as_the_table(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var table = new KeyTable(KeyFileParser.Parse(bytes));
        var scan = new KeyFileScan(new ArraySegment<byte>(bytes));

        foreach (var q in Queries(text))
        {
            Same(scan.FindById(q), table.FindById(q), $"id '{q}'");
            Same(scan.FindByName(q), table.FindByName(q), $"name '{q}'");
            Same(scan.FindByIpString(q), table.FindByIpString(q), $"ip '{q}'");
            scan.IsIdUsed(q).Should().Be(table.IsIdUsed(q), $"id '{q}' used");
        }

        scan.HighestManageAgentsId.Should().Be(table.HighestManageAgentsId);
    }

    [Fact]
    public void The_same_record_gives_the_same_entry()
    {
        var scan = new KeyFileScan(new ArraySegment<byte>(Encoding.Latin1.GetBytes(s_tricky)));

        scan.FindByName("web01").Should().BeSameAs(scan.FindById("001"));
        scan.FindByIpString("10.0.0.1").Should().BeSameAs(scan.FindById("001"));
    }

    [Fact]
    public void A_field_over_127_bytes_is_found_by_its_cut_form_only()
    {
        var scan = new KeyFileScan(new ArraySegment<byte>(Encoding.Latin1.GetBytes(s_tricky)));

        scan.FindByName(s_longName).Should().BeNull();
        scan.FindByName(s_longName[..127])!.Id.Should().Be("021");
        scan.FindById("023")!.Name.Should().Be("inchunk");
        scan.FindByName("caf\u0113").Should().BeNull();
    }

    [Fact]
    public void Many_random_files_agree_with_the_table()
    {
        var random = new Random(20240611);
        string[] ids = ["001", "1", "01", "0001", "002", "010", "100", "999", "1000", "0999", "12345", "x1", ""];
        string[] names = ["a", "b", "web", "web", "c\u00e9", "", "#x"];
        string[] ips = ["10.0.0.1", "10.0.0.1/32", "10.0.0.0/8", "any", "!10.0.0.1", "::1", "::1/128", "1.2.3", "any/8", "10.0.0.1/33"];
        for (var file = 0; file < 40; file++)
        {
            var text = new StringBuilder();
            for (var line = random.Next(0, 30); line > 0; line--)
            {
                var id = ids[random.Next(ids.Length)];
                text.Append(random.Next(12) switch
                {
                    0 => $"{id} #*#*#*#*#*#*#*#*#*#*#",
                    1 => $"#{id} #*#*#*#*#*#*#*#*#*#*#",
                    2 => $" {id} x 10.0.0.1 k",
                    3 => $"{id} {names[random.Next(names.Length)]}",
                    _ => $"{id} {names[random.Next(names.Length)]} {ips[random.Next(ips.Length)]} {K}",
                });
                text.Append(random.Next(6) == 0 ? "\r\n" : "\n");
            }

            var bytes = Encoding.Latin1.GetBytes(text.ToString());
            var table = new KeyTable(KeyFileParser.Parse(bytes));
            var scan = new KeyFileScan(new ArraySegment<byte>(bytes));
            foreach (var q in ids.Concat(names).Concat(ips))
            {
                Same(scan.FindById(q), table.FindById(q), $"id '{q}' in\n{text}");
                Same(scan.FindByName(q), table.FindByName(q), $"name '{q}' in\n{text}");
                Same(scan.FindByIpString(q), table.FindByIpString(q), $"ip '{q}' in\n{text}");
                scan.IsIdUsed(q).Should().Be(table.IsIdUsed(q), $"id '{q}' used in\n{text}");
            }

            scan.HighestManageAgentsId.Should().Be(table.HighestManageAgentsId, text.ToString());
        }
    }

    // Every token of the file (and its fields cut or split at '/'), plus values no line has.
    private static IEnumerable<string> Queries(string text)
    {
        var tokens = text.Split(' ', '\n', '\r').Where(t => t.Length < 300).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tokens.ToList())
        {
            tokens.Add(t.Length > 127 ? t[..127] : t);
            tokens.Add(t.Split('/')[0]);
            tokens.Add(t.TrimStart('#'));
        }

        return tokens.Concat(["", "missing", "0", "10.0.0.99", "inchunk", "023"]);
    }

    private static void Same(KeyEntry? actual, KeyEntry? expected, string because)
    {
        if (expected is null)
        {
            actual.Should().BeNull(because);
            return;
        }

        actual.Should().NotBeNull(because);
        (actual!.Id, actual.Name, actual.IpField, actual.Key, actual.LineNumber, actual.LineStart)
            .Should().Be((expected.Id, expected.Name, expected.IpField, expected.Key, expected.LineNumber, expected.LineStart), because);
    }
}
