using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

public sealed class KeyVectorTests
{
    public static TheoryData<string> LineVectors()
    {
        var data = new TheoryData<string>();
        using var doc = SharedReference.LoadVectors("keys.json");
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (v.TryGetProperty("client_keys_line_hex", out _))
            {
                data.Add(v.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LineVectors))]
    public void Each_line_vector_parses_to_the_recorded_fields(string name)
    {
        using var doc = SharedReference.LoadVectors("keys.json");
        var v = doc.RootElement.GetProperty("vectors").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var line = Convert.FromHexString(v.GetProperty("client_keys_line_hex").GetString()!);

        var content = KeyFileParser.Parse([.. line, (byte)'\n']);

        content.Entries.Should().ContainSingle();
        var entry = content.Entries[0];
        entry.Id.Should().Be(v.GetProperty("id").GetString());
        entry.Name.Should().Be(v.GetProperty("agent_name").GetString());
        entry.IpField.Should().Be(v.GetProperty("ip_field").GetString());
        entry.IpString.Should().Be(v.GetProperty("parsed_ip_stored").GetString());
        entry.PrefixLength.Should().Be(v.GetProperty("parsed_prefixlength").GetInt32());
        entry.IsSingleHost.Should().Be(v.GetProperty("ip_is_single_host").GetBoolean());
        entry.Ip.FamilyName.Should().Be(v.GetProperty("parsed_ip_family").GetString());
        Encoding.Latin1.GetBytes(entry.Key).Should().Equal(Convert.FromHexString(v.GetProperty("key_field_hex").GetString()!));
        var crlf = entry.Key.EndsWith('\r');
        content.Problems.Any(p => p.Kind == KeyLoadProblemKind.CarriageReturnInKey).Should().Be(crlf);
    }

    [Fact]
    public void Whole_file_vector_parses_to_the_recorded_entries_in_order()
    {
        using var doc = SharedReference.LoadVectors("keys.json");
        var v = doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(x => x.TryGetProperty("client_keys_file_hex", out _));
        var bytes = Convert.FromHexString(v.GetProperty("client_keys_file_hex").GetString()!);
        var expected = v.GetProperty("parsed_entries_in_order").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("agent_name").GetString()!)).ToList();

        var table = new KeyTable(KeyFileParser.Parse(bytes));

        table.Entries.Select(e => (e.Id, e.Name)).Should().Equal(expected);
        table.IsIdUsed("010").Should().BeTrue("a removed entry keeps its id");
        table.FindById("010").Should().BeNull();
        table.FindByName("leadingspace").Should().BeNull();
        table.Problems.Should().NotContain(p => p.Kind == KeyLoadProblemKind.InvalidIp);
    }
}
