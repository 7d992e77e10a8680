using OssecSharp.Core.Net.Tls;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.Core.Tests.Enrollment;

public sealed class TlsCertificateLoaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadIdentity_reads_pem_certificate_and_key(bool ecdsa)
    {
        using var folder = new TempFolder();
        using var cert = TestCertificates.CreateLeaf(null, "CN=manager", ecdsa: ecdsa);
        TestCertificates.WritePem(cert, folder.Combine("c.pem"), folder.Combine("k.pem"));

        var identity = TlsCertificateLoader.LoadIdentity(folder.Combine("c.pem"), folder.Combine("k.pem"));

        identity.Certificate.HasPrivateKey.Should().BeTrue();
        identity.Certificate.Thumbprint.Should().Be(cert.Thumbprint);
    }

    [Fact]
    public void A_chain_file_gives_the_leaf_and_its_intermediates()
    {
        using var folder = new TempFolder();
        using var ca = TestCertificates.CreateCa();
        using var leaf = TestCertificates.CreateLeaf(ca, "CN=manager");
        TestCertificates.WritePem(leaf, folder.Combine("c.pem"), folder.Combine("k.pem"));
        File.AppendAllText(folder.Combine("c.pem"), ca.ExportCertificatePem() + "\n");

        var identity = TlsCertificateLoader.LoadIdentity(folder.Combine("c.pem"), folder.Combine("k.pem"));

        identity.Certificate.Thumbprint.Should().Be(leaf.Thumbprint);
        identity.Intermediates.Should().ContainSingle().Which.Thumbprint.Should().Be(ca.Thumbprint);
    }

    [Fact]
    public void Missing_certificate_gives_ossecs_message()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("sslmanager.cert");

        var act = () => TlsCertificateLoader.LoadIdentity(path, folder.Combine("sslmanager.key"));

        act.Should().Throw<TlsSetupException>().WithMessage($"Unable to read certificate file (not found): {path}");
    }

    [Fact]
    public void Garbage_certificate_and_key_and_mismatch_give_ossecs_messages()
    {
        using var folder = new TempFolder();
        using var cert = TestCertificates.CreateLeaf(null, "CN=manager");
        using var other = TestCertificates.CreateLeaf(null, "CN=other");
        TestCertificates.WritePem(cert, folder.Combine("c.pem"), folder.Combine("k.pem"));
        TestCertificates.WritePem(other, folder.Combine("o.pem"), folder.Combine("ok.pem"));
        File.WriteAllText(folder.Combine("junk"), "not a pem\n");

        FluentActions.Invoking(() => TlsCertificateLoader.LoadIdentity(folder.Combine("junk"), folder.Combine("k.pem")))
            .Should().Throw<TlsSetupException>().WithMessage($"Unable to read certificate file: {folder.Combine("junk")}");
        FluentActions.Invoking(() => TlsCertificateLoader.LoadIdentity(folder.Combine("c.pem"), folder.Combine("junk")))
            .Should().Throw<TlsSetupException>().WithMessage($"Unable to read private key file: {folder.Combine("junk")}");
        FluentActions.Invoking(() => TlsCertificateLoader.LoadIdentity(folder.Combine("c.pem"), folder.Combine("missing")))
            .Should().Throw<TlsSetupException>().WithMessage($"Unable to read private key file: {folder.Combine("missing")}");
        FluentActions.Invoking(() => TlsCertificateLoader.LoadIdentity(folder.Combine("c.pem"), folder.Combine("ok.pem")))
            .Should().Throw<TlsSetupException>().WithMessage("Unable to verify private key file");
        FluentActions.Invoking(() => TlsCertificateLoader.LoadCa(folder.Combine("junk")))
            .Should().Throw<TlsSetupException>().WithMessage($"Unable to read CA certificate file \"{folder.Combine("junk")}\"");
    }

    [Theory]
    [InlineData(OpenSslCipherList.OssecDefault, true, 0)]
    [InlineData("HIGH:!aNULL", true, 0)]
    [InlineData("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256", true, 2)]
    [InlineData("NOT-A-CIPHER-NAME", false, 0)]
    public void OpenSsl_cipher_lists_are_understood(string list, bool ok, int suites)
    {
        OpenSslCipherList.TryParse(list, out var parsed).Should().Be(ok);
        if (ok)
        {
            parsed.Should().HaveCount(suites);
        }
    }
}
