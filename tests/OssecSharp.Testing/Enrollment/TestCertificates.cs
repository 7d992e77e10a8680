using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Tests.Common.Enrollment;

/// <summary>Certificates made in the test with CertificateRequest (RSA or ECDSA): a CA and leaves it signs.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string subject = "CN=Test CA,O=OssecSharp", bool ecdsa = false)
    {
        var now = DateTimeOffset.UtcNow;
        if (ecdsa)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            AddCaExtensions(request);
            return request.CreateSelfSigned(now.AddDays(-365), now.AddYears(5));
        }

        using var rsa = RSA.Create(2048);
        var rsaRequest = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCaExtensions(rsaRequest);
        return rsaRequest.CreateSelfSigned(now.AddDays(-365), now.AddYears(5));
    }

    /// <summary>A leaf signed by <paramref name="ca"/> (or self-signed when null), with its private key.</summary>
    public static X509Certificate2 CreateLeaf(
        X509Certificate2? ca,
        string subject,
        IEnumerable<string>? dnsNames = null,
        IEnumerable<IPAddress>? ipAddresses = null,
        bool ecdsa = false,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
        using AsymmetricAlgorithm key = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is ECDsa ec
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var sanNames = dnsNames?.ToList() ?? [];
        var sanIps = ipAddresses?.ToList() ?? [];
        if (sanNames.Count > 0 || sanIps.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            sanNames.ForEach(san.AddDnsName);
            sanIps.ForEach(san.AddIpAddress);
            request.CertificateExtensions.Add(san.Build());
        }

        if (ca is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        // A leaf cannot outlive its issuer.
        if (to > ca.NotAfter)
        {
            to = ca.NotAfter.AddMinutes(-1);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(ca, from, to, serial);
        return key is ECDsa ecKey ? signed.CopyWithPrivateKey(ecKey) : signed.CopyWithPrivateKey((RSA)key);
    }

    /// <summary>Writes the certificate (PEM) and its private key (PKCS#8 PEM) to two files.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string? keyPath = null)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is null)
        {
            return;
        }

        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("certificate has no private key");
        using (key)
        {
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
