using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OssecSharp.Core.Net.Tls;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// The server's TLS options, built once. With <c>-v</c>, each connection gets a copy whose validation callback checks
/// the client certificate against the CA (<see cref="CertificateChainCheck"/>) and logs OSSEC's lines on failure.
/// </summary>
internal sealed class EnrollmentTls
{
    private readonly SslServerAuthenticationOptions _options;
    private readonly X509Certificate2Collection? _trustedCas;
    private readonly TimeProvider _time;

    public EnrollmentTls(SslServerAuthenticationOptions options, X509Certificate2Collection? trustedCas, TimeProvider time)
    {
        _options = options;
        _trustedCas = trustedCas;
        _time = time;
    }

    public bool VerifiesPeers => _trustedCas is not null;

    public SslServerAuthenticationOptions For(string ip, ILogger log)
    {
        if (_trustedCas is not { } cas)
        {
            return _options;
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _options.ServerCertificateContext,
            ClientCertificateRequired = true,
            EnabledSslProtocols = _options.EnabledSslProtocols,
            CertificateRevocationCheckMode = _options.CertificateRevocationCheckMode,
            AllowRenegotiation = false,
            CipherSuitesPolicy = _options.CipherSuitesPolicy,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                log.Debug("Peer verification requested.");
                var leaf = certificate is null ? null : certificate as X509Certificate2 ?? new X509Certificate2(certificate);
                var extra = chain is null ? null : new X509Certificate2Collection(
                    chain.ChainElements.Skip(1).Select(e => e.Certificate).ToArray());
                var verdict = CertificateChainCheck.Verify(leaf, extra, cas, _time.GetUtcNow().UtcDateTime);
                if (verdict.IsValid)
                {
                    return true;
                }

                if (leaf is null)
                {
                    log.Error("SSL Error (peer did not return a certificate) from {Ip:l}", ip);
                    return false;
                }

                log.Error("Problem with certificate at depth {Depth}", verdict.Depth);
                log.Error("issuer =  {Issuer:l}", verdict.Issuer);
                log.Error("subject =  {Subject:l}", verdict.Subject);
                log.Error("{Code}:{Reason:l}", verdict.Code, verdict.Reason);
                return false;
            },
        };
    }
}
