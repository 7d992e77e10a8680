using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// Builds the SslStream options once per process (style B.6). OSSEC pins TLS 1.2; we let the platform choose
/// (<see cref="SslProtocols.None"/>), which negotiates TLS 1.2 with OSSEC peers and TLS 1.3 between OssecSharp peers.
/// </summary>
public static class TlsOptionsFactory
{
    /// <summary>Server options for ossec-authd. The certificate context (with its chain) is built once here.</summary>
    /// <param name="identity">Server certificate and key (<c>-x</c>/<c>-k</c>).</param>
    /// <param name="requireClientCertificate">Whether to ask for a client certificate (<c>-v</c>).</param>
    /// <param name="cipherPolicy">From <see cref="OpenSslCipherList"/>, or null.</param>
    public static SslServerAuthenticationOptions CreateServerOptions(
        TlsIdentity identity, bool requireClientCertificate, CipherSuitesPolicy? cipherPolicy)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(
                identity.Certificate, identity.Intermediates, offline: true),
            ClientCertificateRequired = requireClientCertificate,
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            CipherSuitesPolicy = cipherPolicy,

            // Without -v any client is welcome (the shared password authenticates it); with -v the daemon replaces
            // this callback by one bound to its CA (CertificateChainCheck).
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        };
    }

    /// <summary>
    /// Client options for agent-auth. The manager certificate is accepted during the handshake and checked right
    /// after it (CA and host name), before anything is sent, so the failure can be reported as OSSEC does.
    /// </summary>
    public static SslClientAuthenticationOptions CreateClientOptions(
        string targetHost, TlsIdentity? clientIdentity, CipherSuitesPolicy? cipherPolicy)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            CipherSuitesPolicy = cipherPolicy,
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        };
        if (clientIdentity is not null)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(
                clientIdentity.Certificate, clientIdentity.Intermediates, offline: true);
        }

        return options;
    }
}
