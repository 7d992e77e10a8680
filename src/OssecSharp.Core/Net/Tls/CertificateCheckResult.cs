namespace OssecSharp.Core.Net.Tls;

/// <summary>The verdict on a peer certificate, with what OSSEC logs for a failure.</summary>
/// <param name="IsValid">Whether the certificate chains to the CA and is within its validity period.</param>
/// <param name="Depth">Depth in the chain of the certificate that failed (0 = the peer's own).</param>
/// <param name="Code">OpenSSL's X509_V_ERR code for the failure (0 when valid).</param>
/// <param name="Reason">OpenSSL's text for that code.</param>
/// <param name="Issuer">One-line issuer DN of the failing certificate.</param>
/// <param name="Subject">One-line subject DN of the failing certificate.</param>
public sealed record CertificateCheckResult(bool IsValid, int Depth, int Code, string Reason, string Issuer, string Subject)
{
    /// <summary>The certificate is acceptable.</summary>
    public static CertificateCheckResult Valid { get; } = new(true, 0, 0, "ok", string.Empty, string.Empty);

    /// <summary>The peer sent no certificate although one is required.</summary>
    public static CertificateCheckResult Missing { get; } =
        new(false, 0, 0, "peer did not return a certificate", string.Empty, string.Empty);
}
