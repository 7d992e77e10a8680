using System.Security.Cryptography.X509Certificates;
using OssecSharp.Core.Net.Tls;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.Core.Tests.Enrollment;

public sealed class CertificateChainCheckTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_certificate_signed_by_the_CA_is_valid(bool ecdsa)
    {
        using var ca = TestCertificates.CreateCa(ecdsa: ecdsa);
        using var leaf = TestCertificates.CreateLeaf(ca, "CN=agent1", ecdsa: ecdsa);

        var result = CertificateChainCheck.Verify(leaf, null, [ca], DateTime.UtcNow);

        result.IsValid.Should().BeTrue();
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused_with_openssl_code_20()
    {
        using var ca = TestCertificates.CreateCa();
        using var other = TestCertificates.CreateCa("CN=Other CA");
        using var leaf = TestCertificates.CreateLeaf(other, "O=Test,CN=agent1");

        var result = CertificateChainCheck.Verify(leaf, null, [ca], DateTime.UtcNow);

        result.IsValid.Should().BeFalse();
        result.Subject.Should().Be("/O=Test/CN=agent1");
        result.Issuer.Should().Be("/CN=Other CA");
        result.Code.Should().BeOneOf(19, 20);
    }

    [Fact]
    public void A_self_signed_certificate_is_refused()
    {
        using var ca = TestCertificates.CreateCa();
        using var leaf = TestCertificates.CreateLeaf(null, "CN=selfie");

        var result = CertificateChainCheck.Verify(leaf, null, [ca], DateTime.UtcNow);

        result.IsValid.Should().BeFalse();
        result.Code.Should().BeOneOf(18, 20);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_openssl_code_10()
    {
        using var ca = TestCertificates.CreateCa();
        using var leaf = TestCertificates.CreateLeaf(ca, "CN=old", notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        var result = CertificateChainCheck.Verify(leaf, null, [ca], DateTime.UtcNow);

        result.IsValid.Should().BeFalse();
        result.Code.Should().Be(10);
        result.Reason.Should().Be("certificate has expired");
        result.Depth.Should().Be(0);
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        using var ca = TestCertificates.CreateCa();

        CertificateChainCheck.Verify(null, null, [ca], DateTime.UtcNow).IsValid.Should().BeFalse();
    }

    [Fact]
    public void DistinguishedNames_are_formatted_like_openssl_oneline()
    {
        var name = new X500DistinguishedName("C=US, O=Example, CN=host");

        DistinguishedNames.OneLine(name).Should().Be("/C=US/O=Example/CN=host");
    }
}
