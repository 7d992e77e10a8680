using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OssecSharp.Core.Net.Tls;

/// <summary>Formats names as OpenSSL's <c>X509_NAME_oneline</c> does (<c>/C=US/O=Example/CN=host</c>), as OSSEC logs them.</summary>
public static class DistinguishedNames
{
    /// <summary>The one-line form of <paramref name="name"/>.</summary>
    public static string OneLine(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var oid = rdn.GetSingleElementType();
            builder.Append('/').Append(ShortName(oid)).Append('=').Append(rdn.GetSingleElementValue());
        }

        return builder.ToString();
    }

    /// <summary>The values of the subject's CN attributes, in order.</summary>
    public static IEnumerable<string> CommonNames(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3"
                && rdn.GetSingleElementValue() is { } value)
            {
                yield return value;
            }
        }
    }

    private static string ShortName(System.Security.Cryptography.Oid oid) => oid.Value switch
    {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "1.2.840.113549.1.9.1" => "emailAddress",
        _ => oid.FriendlyName ?? oid.Value ?? "?",
    };
}
