using System.Net.Security;

namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// Translates an OpenSSL cipher list (<c>-c</c>) into a .NET <see cref="CipherSuitesPolicy"/>. Explicit suite names
/// (<c>ECDHE-RSA-AES256-GCM-SHA384</c>, <c>TLS_AES_256_GCM_SHA384</c>) are honoured; OpenSSL keywords and expressions
/// (<c>HIGH</c>, <c>EECDH+AESGCM</c>, <c>!MD5</c>, <c>@STRENGTH</c>) cannot be expressed in .NET and leave the
/// platform's default list, which already excludes everything OSSEC's default list removes.
/// </summary>
public static class OpenSslCipherList
{
    /// <summary>OSSEC 4.x default cipher list.</summary>
    public const string OssecDefault =
        "EECDH+AESGCM:EDH+AESGCM:EECDH+AES256:EDH+AES256:EECDH+AES128:EDH+AES128:HIGH:!kRSA:!ADH:!EXP:!MD5:!RC4:!3DES:!CAMELLIA:@STRENGTH";

    private static readonly Dictionary<string, TlsCipherSuite> s_names = new(StringComparer.Ordinal)
    {
        ["ECDHE-RSA-AES256-GCM-SHA384"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        ["ECDHE-RSA-AES128-GCM-SHA256"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ["ECDHE-ECDSA-AES256-GCM-SHA384"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ["ECDHE-ECDSA-AES128-GCM-SHA256"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ["ECDHE-RSA-CHACHA20-POLY1305"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ["ECDHE-ECDSA-CHACHA20-POLY1305"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        ["DHE-RSA-AES256-GCM-SHA384"] = TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        ["DHE-RSA-AES128-GCM-SHA256"] = TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        ["ECDHE-RSA-AES256-SHA384"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        ["ECDHE-RSA-AES128-SHA256"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        ["ECDHE-ECDSA-AES256-SHA384"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        ["ECDHE-ECDSA-AES128-SHA256"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        ["ECDHE-RSA-AES256-SHA"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        ["ECDHE-RSA-AES128-SHA"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        ["DHE-RSA-AES256-SHA256"] = TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
        ["DHE-RSA-AES128-SHA256"] = TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
        ["TLS_AES_256_GCM_SHA384"] = TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        ["TLS_AES_128_GCM_SHA256"] = TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        ["TLS_CHACHA20_POLY1305_SHA256"] = TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    };

    /// <summary>
    /// The suites named in <paramref name="cipherList"/>, or an empty list when it holds only OpenSSL expressions
    /// (meaning: keep the platform default). Returns false when an element is neither a known suite nor an expression.
    /// </summary>
    public static bool TryParse(string? cipherList, out IReadOnlyList<TlsCipherSuite> suites)
    {
        var result = new List<TlsCipherSuite>();
        suites = result;
        if (string.IsNullOrWhiteSpace(cipherList))
        {
            return true;
        }

        foreach (var raw in cipherList.Split([':', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (s_names.TryGetValue(raw, out var suite))
            {
                result.Add(suite);
            }
            else if (!IsExpression(raw))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The policy for <paramref name="suites"/>, or null for the platform default.</summary>
    public static CipherSuitesPolicy? ToPolicy(IReadOnlyList<TlsCipherSuite> suites)
    {
        ArgumentNullException.ThrowIfNull(suites);
        if (suites.Count == 0 || !OperatingSystem.IsLinux())
        {
            return null;
        }

        // TLS 1.3 needs at least one 1.3 suite in the policy, or the handshake cannot offer TLS 1.3 at all.
        var all = suites.ToList();
        if (!all.Any(s => s.ToString().StartsWith("TLS_AES_", StringComparison.Ordinal) || s == TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256))
        {
            all.AddRange([TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_AES_128_GCM_SHA256]);
        }

        return new CipherSuitesPolicy(all);
    }

    private static bool IsExpression(string element)
    {
        var body = element.TrimStart('!', '-', '+', '@');
        if (body.Length == 0)
        {
            return false;
        }

        // Keywords are upper-case words, optionally combined with '+': HIGH, EECDH+AESGCM, kRSA, STRENGTH, SECLEVEL=2.
        return body.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or '_' or '-')
            && !body.Contains('-', StringComparison.Ordinal);
    }
}
