using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// Chain verification against a CA file (<c>-v</c>), as OpenSSL's verify does for OSSEC: the chain must end at one of
/// the given CA certificates (the system store is not trusted), every certificate must be within its validity period
/// and correctly signed. Revocation is not checked (OSSEC loads no CRL). Pure apart from the chain engine.
/// </summary>
public static class CertificateChainCheck
{
    /// <summary>Verifies <paramref name="certificate"/> against <paramref name="trustedCas"/>.</summary>
    /// <param name="certificate">The peer's certificate, or null if it sent none.</param>
    /// <param name="extraCertificates">Intermediates the peer sent (may be null).</param>
    /// <param name="trustedCas">The CA file's certificates: the only trust anchors.</param>
    /// <param name="now">Verification time.</param>
    public static CertificateCheckResult Verify(
        X509Certificate2? certificate,
        X509Certificate2Collection? extraCertificates,
        X509Certificate2Collection trustedCas,
        DateTime now)
    {
        ArgumentNullException.ThrowIfNull(trustedCas);
        if (certificate is null)
        {
            return CertificateCheckResult.Missing;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (extraCertificates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(extraCertificates);
        }

        if (chain.Build(certificate))
        {
            return CertificateCheckResult.Valid;
        }

        // Report the deepest-first failing element the way OpenSSL's verify callback does (depth, issuer, subject, code).
        for (var depth = 0; depth < chain.ChainElements.Count; depth++)
        {
            var element = chain.ChainElements[depth];
            var flags = element.ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (acc, s) => acc | s.Status);
            if (flags == X509ChainStatusFlags.NoError)
            {
                continue;
            }

            var (code, reason) = OpenSslCode(flags, element.Certificate, now);
            return new CertificateCheckResult(false, depth, code, reason,
                DistinguishedNames.OneLine(element.Certificate.IssuerName),
                DistinguishedNames.OneLine(element.Certificate.SubjectName));
        }

        var overall = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (acc, s) => acc | s.Status);
        var (c, r) = OpenSslCode(overall, certificate, now);
        return new CertificateCheckResult(false, 0, c, r,
            DistinguishedNames.OneLine(certificate.IssuerName), DistinguishedNames.OneLine(certificate.SubjectName));
    }

    /// <summary>Maps .NET chain flags to OpenSSL's X509_V_ERR code and text, which OSSEC logs.</summary>
    internal static (int Code, string Reason) OpenSslCode(X509ChainStatusFlags flags, X509Certificate2 certificate, DateTime now)
    {
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return now < certificate.NotBefore
                ? (9, "certificate is not yet valid")
                : (10, "certificate has expired");
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            return (7, "certificate signature failure");
        }

        if ((flags & X509ChainStatusFlags.UntrustedRoot) != 0)
        {
            return certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
                ? (18, "self-signed certificate")
                : (19, "self-signed certificate in certificate chain");
        }

        if ((flags & (X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.InvalidBasicConstraints)) != 0)
        {
            return (flags & X509ChainStatusFlags.InvalidBasicConstraints) != 0
                ? (24, "invalid CA certificate")
                : (20, "unable to get local issuer certificate");
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return (26, "unsupported certificate purpose");
        }

        return (1, "unspecified certificate verification error: " + flags);
    }
}
