using System.Net;
using OssecSharp.Core.Net.Tls;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.Core.Tests.Enrollment;

public sealed class HostNameCheckTests
{
    [Theory]
    [InlineData("manager.example.com", "manager.example.com", true)]
    [InlineData("MANAGER.example.COM", "manager.example.com", true)]
    [InlineData("*.example.com", "manager.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("m*.example.com", "manager.example.com", false)]
    [InlineData("manager.example.com", "other.example.com", false)]
    [InlineData("manager.example.com", "manager.example.com.evil", false)]
    [InlineData("localhost", "localhost", true)]
    public void DnsNameMatches_compares_label_by_label(string pattern, string host, bool expected)
    {
        HostNameCheck.DnsNameMatches(pattern, host).Should().Be(expected);
    }

    [Fact]
    public void A_subject_of_only_CN_matches_unlike_ossec()
    {
        // OSSEC's check_x509_cert skips the first RDN, so "/CN=localhost" never matched (enrollment.md §6.1).
        using var cert = TestCertificates.CreateLeaf(null, "CN=localhost");

        HostNameCheck.Matches(cert, "localhost").Should().BeTrue();
        HostNameCheck.Matches(cert, "otherhost").Should().BeFalse();
    }

    [Fact]
    public void CN_after_other_RDNs_matches()
    {
        using var cert = TestCertificates.CreateLeaf(null, "O=Test,CN=manager.example.com");

        HostNameCheck.Matches(cert, "manager.example.com").Should().BeTrue();
    }

    [Fact]
    public void SAN_DNS_and_IP_entries_match_and_IP_only_matches_as_address()
    {
        using var cert = TestCertificates.CreateLeaf(null, "CN=ignored", ["manager.example.com"], [IPAddress.Parse("10.1.2.3"), IPAddress.IPv6Loopback]);

        HostNameCheck.Matches(cert, "manager.example.com").Should().BeTrue();
        HostNameCheck.Matches(cert, "10.1.2.3").Should().BeTrue();
        HostNameCheck.Matches(cert, "::1").Should().BeTrue();
        HostNameCheck.Matches(cert, "0:0:0:0:0:0:0:1").Should().BeTrue();
        HostNameCheck.Matches(cert, "10.1.2.4").Should().BeFalse();
        HostNameCheck.Matches(cert, "ignored2").Should().BeFalse();
    }

    [Fact]
    public void A_CN_holding_an_address_matches_that_address()
    {
        using var cert = TestCertificates.CreateLeaf(null, "CN=127.0.0.1");

        HostNameCheck.Matches(cert, "127.0.0.1").Should().BeTrue();
        HostNameCheck.Matches(cert, "127.0.0.2").Should().BeFalse();
    }
}
