using System.Text;
using OssecSharp.Core.Crypto;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class DerivedKeyTests
{
    [Fact]
    public void Reproduces_every_derived_key_of_keys_json()
    {
        using var doc = SharedReference.LoadVectors("keys.json");
        var checkedCount = 0;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (!v.TryGetProperty("derived_key_string", out var expected))
            {
                continue;
            }

            var key = DerivedKey.Compute(
                Encoding.UTF8.GetBytes(v.GetProperty("id").GetString()!),
                Encoding.UTF8.GetBytes(v.GetProperty("agent_name").GetString()!),
                Convert.FromHexString(v.GetProperty("key_field_hex").GetString()!));

            key.Value.Should().Be(expected.GetString(), v.GetProperty("name").GetString());
            Convert.ToHexStringLower(key.Bytes).Should().Be(v.GetProperty("blowfish_key_bytes_hex").GetString());
            Convert.ToHexStringLower(key.AesKey).Should().Be(v.GetProperty("aes256_key_bytes_hex").GetString());
            checkedCount++;
        }

        checkedCount.Should().BeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void Matches_the_worked_example_of_the_spec()
    {
        var key = DerivedKey.Compute("001", "web01", "5a2f0d0c1e6b4f3a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b");
        key.Value.Should().Be("ee55a497431bc4b31617253570ed46d855ca7fce424e2b9");
        key.Bytes.Length.Should().Be(DerivedKey.Length);
    }

    [Fact]
    public void Text_fields_are_the_latin1_view_of_the_file_bytes()
    {
        byte[] keyBytes = [0x6b, 0xe9, 0xff, 0x80];
        DerivedKey.Compute("007", "x1", Encoding.Latin1.GetString(keyBytes)).Value
            .Should().Be(DerivedKey.Compute("007"u8, "x1"u8, keyBytes).Value);
    }

    [Fact]
    public void A_trailing_carriage_return_is_part_of_the_key()
    {
        var plain = DerivedKey.Compute("013", "crlf-agent", "7d1638770edaf547d059879acb49a749101bf2f866c4aa400d7eec5ac217670e");
        var crlf = DerivedKey.Compute("013", "crlf-agent", "7d1638770edaf547d059879acb49a749101bf2f866c4aa400d7eec5ac217670e\r");
        crlf.Value.Should().NotBe(plain.Value);
        crlf.Value.Should().Be("69dd37c98fbaebb1c62790dda6d656db02b2ae3ed2ac581");
    }
}
