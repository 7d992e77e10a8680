using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OssecSharp.ManageAgents.Store;

/// <summary>TEMPORARY: the ip field grammar until Core's KeyIp lands (keys-and-crypto.md §1.2).</summary>
internal static class IpFieldShim
{
    public static bool IsValid(string field)
    {
        if (string.Equals(field, "any", StringComparison.Ordinal))
        {
            return true;
        }

        var address = field;
        var maxPrefix = 128;
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        string? prefix = null;
        if (slash >= 0)
        {
            address = field[..slash];
            prefix = field[(slash + 1)..];
        }

        if (address.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(address, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            var parts = address.Split('.');
            if (parts.Length != 4)
            {
                return false;
            }

            foreach (var part in parts)
            {
                if (part.Length is < 1 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
                {
                    return false;
                }
            }

            maxPrefix = 32;
        }

        return prefix is null
            || (prefix.Length is >= 1 and <= 3
                && int.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= maxPrefix);
    }
}
