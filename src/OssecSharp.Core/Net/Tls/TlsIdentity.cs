using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Core.Net.Tls;

/// <summary>A certificate with its private key, plus the intermediates found in the same PEM file.</summary>
/// <param name="Certificate">The leaf, with its private key.</param>
/// <param name="Intermediates">Further certificates of the chain file (sent to the peer).</param>
public sealed record TlsIdentity(X509Certificate2 Certificate, X509Certificate2Collection Intermediates);
