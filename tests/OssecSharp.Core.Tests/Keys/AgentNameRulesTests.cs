using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Tests.Keys;

public sealed class AgentNameRulesTests
{
    [Theory]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("web-01.example_com", true)]
    [InlineData("web 01", false)]
    [InlineData("web:01", false)]
    [InlineData("wéb", false)]
    public void Names(string name, bool valid) => AgentNameRules.IsValidName(name).Should().Be(valid);

    [Fact]
    public void Name_length_limit_is_128() // the manage_agents message says 32; the code allows 128
    {
        AgentNameRules.IsValidName(new string('a', 128)).Should().BeTrue();
        AgentNameRules.IsValidName(new string('a', 129)).Should().BeFalse();
    }

    [Theory]
    [InlineData("1", "001")]
    [InlineData("5", "005")]
    [InlineData("1024", "1024")]
    [InlineData("00000042", "042")]
    [InlineData("123456789", null)]
    [InlineData("12a", null)]
    [InlineData("", null)]
    public void User_ids_are_normalized_like_manage_agents(string typed, string? expected) =>
        AgentNameRules.NormalizeUserId(typed).Should().Be(expected);

    [Theory]
    [InlineData("any", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.0.0.0/24", false)]
    [InlineData("!10.0.0.1", false)]
    public void Enrolled_ip_must_be_any_or_one_address(string ip, bool valid) =>
        AgentNameRules.IsValidEnrolledIp(ip).Should().Be(valid);

    [Fact]
    public void Generated_keys_are_64_lowercase_hex_and_distinct()
    {
        var a = KeyGenerator.NewKey();
        var b = KeyGenerator.NewKey();
        a.Should().MatchRegex("^[0-9a-f]{64}$");
        AgentNameRules.IsValidKey(a).Should().BeTrue();
        a.Should().NotBe(b);
        AgentNameRules.IsValidKey("xyz").Should().BeFalse();
    }
}
