using System.Net;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Tests.Keys;

public sealed class KeyIpTests
{
    [Theory]
    [InlineData("any", "any", 0, false)]
    [InlineData("10.1.2.3", "10.1.2.3", 32, true)]
    [InlineData("10.1.2.3/32", "10.1.2.3", 32, true)]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8, false)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0, false)]
    [InlineData("2001:db8::10", "2001:db8::10", 128, true)]
    [InlineData("fd00::/64", "fd00::", 64, false)]
    [InlineData("fd00::1/128", "fd00::1", 128, true)]
    public void Valid_fields(string field, string ipString, int prefix, bool single)
    {
        KeyIp.TryParse(field, out var ip).Should().BeTrue();
        ip.IpString.Should().Be(ipString);
        ip.PrefixLength.Should().Be(prefix);
        ip.IsSingleHost.Should().Be(single);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ANY")]
    [InlineData("10.0.0.0/255.255.255.0")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/0008")]
    [InlineData("fd00::/129")]
    [InlineData("host.example.com")]
    [InlineData("10.1")]
    [InlineData("1")]
    [InlineData("300.1.1.1")]
    public void Invalid_fields(string field) => KeyIp.TryParse(field, out _).Should().BeFalse();

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.1", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.0/25", "192.168.1.127", true)]
    [InlineData("192.168.1.0/25", "192.168.1.128", false)]
    [InlineData("10.0.0.1", "::ffff:10.0.0.1", true)]
    [InlineData("any", "2001:db8::1", true)]
    [InlineData("fd00::/64", "fd00::abcd", true)]
    [InlineData("fd00::/64", "fd01::1", false)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void Contains(string field, string source, bool expected)
    {
        KeyIp.TryParse(field, out var ip).Should().BeTrue();
        ip.Contains(IPAddress.Parse(source)).Should().Be(expected);
    }
}
