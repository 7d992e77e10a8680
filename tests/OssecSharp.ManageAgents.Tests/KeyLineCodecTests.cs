using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Tests;

public sealed class KeyLineCodecTests
{
    [Theory]
    [InlineData("001 web01 any e0adbc44b76203da17c8f7135696aba1912cb4270d64cf1b63b2858c296bfa3d",
        "MDAxIHdlYjAxIGFueSBlMGFkYmM0NGI3NjIwM2RhMTdjOGY3MTM1Njk2YWJhMTkxMmNiNDI3MGQ2NGNmMWI2M2IyODU4YzI5NmJmYTNk")]
    [InlineData("001 web01 any 5a2f0d0c1e6b4f3a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b",
        "MDAxIHdlYjAxIGFueSA1YTJmMGQwYzFlNmI0ZjNhOWM4ZDdlNmY1YTRiM2MyZDFlMGY5YThiN2M2ZDVlNGYzYTJiMWMwZDllOGY3YTZi")]
    public void Encode_matches_the_spec_examples_and_decodes_back(string line, string base64)
    {
        KeyLineCodec.Encode(line).Should().Be(base64);
        KeyLineCodec.Encode("  " + line + " \r").Should().Be(base64, "the line is chomped first");
        KeyLineCodec.Decode(base64).Should().Be(line);
    }

    [Fact]
    public void Decode_ignores_characters_outside_the_alphabet()
    {
        KeyLineCodec.Decode("MDAx IHdl\nYjAx!").Should().Be("001 web01");
        KeyLineCodec.Decode("not-base64!!").Should().BeNull();
    }

    [Theory]
    [InlineData("1", "001")]
    [InlineData("0042", "042")]
    [InlineData("1024", "1024")]
    [InlineData("abc", "abc")]
    [InlineData("", "")]
    public void FormatID_pads_whole_numbers_only(string input, string expected) => IdFormat.Format(input).Should().Be(expected);
}
