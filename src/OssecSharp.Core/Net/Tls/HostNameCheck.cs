using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// agent-auth's check that the manager certificate names the host given with <c>-m</c> (OSSEC <c>check_x509_cert</c>,
/// enrollment.md §6.1): subjectAltName DNS entries label by label (case-insensitive, same label count, <c>*</c> only as
/// the whole first label), IP entries as binary addresses; if no SAN matches, the subject's CN entries. Unlike OSSEC,
/// a subject made only of <c>CN=…</c> is checked too (OSSEC skips the first RDN and never matches it).
/// </summary>
public static class HostNameCheck
{
    /// <summary>Whether <paramref name="certificate"/> is valid for <paramref name="host"/>.</summary>
    public static bool Matches(X509Certificate2 certificate, string host)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(host);
        var hostAddress = TryParseAddress(host);
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension san)
            {
                continue;
            }

            if (hostAddress is not null)
            {
                if (san.EnumerateIPAddresses().Any(a => Normalize(a).Equals(hostAddress)))
                {
                    return true;
                }
            }
            else if (san.EnumerateDnsNames().Any(pattern => DnsNameMatches(pattern, host)))
            {
                return true;
            }
        }

        foreach (var cn in DistinguishedNames.CommonNames(certificate.SubjectName))
        {
            if (hostAddress is not null)
            {
                if (TryParseAddress(cn) is { } cnAddress && cnAddress.Equals(hostAddress))
                {
                    return true;
                }
            }
            else if (DnsNameMatches(cn, host))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// OSSEC's DNS name comparison: same number of labels, each equal ignoring ASCII case, a <c>*</c> pattern label
    /// only as the whole first label (matching one label); host labels must be RFC 1035 labels (start with a letter —
    /// relaxed to letters or digits, since RFC 1123 allows host labels to start with a digit).
    /// </summary>
    public static bool DnsNameMatches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        var patternLabels = pattern.TrimEnd('.').Split('.');
        var hostLabels = host.TrimEnd('.').Split('.');
        if (patternLabels.Length != hostLabels.Length || hostLabels.Any(l => !IsHostLabel(l)))
        {
            return false;
        }

        for (var i = 0; i < patternLabels.Length; i++)
        {
            if (i == 0 && patternLabels.Length > 2 && string.Equals(patternLabels[0], "*", StringComparison.Ordinal))
            {
                continue;
            }

            if (!string.Equals(patternLabels[i], hostLabels[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostLabel(string label) =>
        label.Length is >= 1 and <= 63
        && char.IsAsciiLetterOrDigit(label[0])
        && char.IsAsciiLetterOrDigit(label[^1])
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static IPAddress? TryParseAddress(string text)
    {
        // IPAddress.TryParse also takes "10" or "0x1" as IPv4: only dotted-quad and colon forms are addresses here.
        var trimmed = text.Trim('[', ']');
        var looksNumeric = trimmed.Contains(':', StringComparison.Ordinal)
            || (trimmed.Count(c => c == '.') == 3 && trimmed.All(c => char.IsAsciiDigit(c) || c == '.'));
        return looksNumeric && IPAddress.TryParse(trimmed, out var address) ? Normalize(address) : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
