using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The ip field of a client.keys line: <c>any</c>, an IPv4/IPv6 literal, optionally followed by <c>/N</c>
/// (keys-and-crypto.md §1.2). Immutable.
/// </summary>
public sealed class KeyIp
{
    /// <summary>The literal OSSEC uses for "every address".</summary>
    public const string AnyText = "any";

    // Every "any" field is the same value: one shared instance keeps 1/3 of a typical table's ip objects away.
    private static readonly KeyIp s_any = new(AnyText, AnyText, null, 0, isAny: true);

    private KeyIp(string field, string ipString, IPAddress? address, int prefixLength, bool isAny)
    {
        Field = field;
        IpString = ipString;
        Address = address;
        PrefixLength = prefixLength;
        IsAny = isAny;
    }

    /// <summary>The field as written in client.keys (with any <c>/N</c>).</summary>
    public string Field { get; }

    /// <summary>The field without its <c>/N</c> suffix (<c>any</c> stays <c>any</c>).</summary>
    public string IpString { get; }

    /// <summary>The parsed address; <see langword="null"/> for <c>any</c>.</summary>
    public IPAddress? Address { get; }

    /// <summary>Prefix length: 32/128 for a bare address, 0 for <c>any</c> (OSSEC stores <c>::/0</c>).</summary>
    public int PrefixLength { get; }

    /// <summary>True for <c>any</c>.</summary>
    public bool IsAny { get; }

    /// <summary>True when the field has an explicit <c>/N</c> suffix.</summary>
    public bool HasPrefixSuffix => Field.Length != IpString.Length;

    /// <summary>IPv4 /32 or IPv6 /128: such an agent sends no <c>!id!</c> prefix.</summary>
    public bool IsSingleHost =>
        Address is not null && PrefixLength == (Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>OSSEC's family name of the parsed field (<c>inet</c> or <c>inet6</c>; <c>any</c> is <c>inet6</c>).</summary>
    public string FamilyName => Address is { AddressFamily: AddressFamily.InterNetwork } ? "inet" : "inet6";

    /// <summary>Parses an ip field; false when OSSEC's <c>OS_IsValidIP</c> would reject it.</summary>
    public static bool TryParse(string? field, out KeyIp result)
    {
        result = null!;
        if (string.IsNullOrEmpty(field))
        {
            return false;
        }

        // OS_IsValidIP tolerates a leading '!' (negation); meaningless for keys but accepted by the daemons.
        var text = field[0] == '!' ? field.AsSpan(1) : field.AsSpan();
        if (text.SequenceEqual(AnyText))
        {
            result = field.Length == AnyText.Length ? s_any : new KeyIp(field, field, null, 0, isAny: true);
            return true;
        }

        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (addressText.Length == 0 || !IsNumericLiteral(addressText)
            || !IPAddress.TryParse(addressText, out var address)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = max;
        if (slash >= 0)
        {
            var suffix = text[(slash + 1)..];
            // OSSEC: 1-3 characters parsed as an integer; netmask notation is rejected.
            if (suffix.Length is < 1 or > 3 || !AllDigits(suffix)
                || !int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > max)
            {
                return false;
            }
        }

        var ipString = slash < 0 ? field : field[..(field.Length - text.Length + slash)];
        result = new KeyIp(field, ipString, address, prefix, isAny: false);
        return true;
    }

    /// <summary>Whether <paramref name="source"/> lies inside this field's network (<c>any</c> contains all).</summary>
    public bool Contains(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsAny)
        {
            return true;
        }

        source = Normalize(source);
        if (source.AddressFamily != Address!.AddressFamily)
        {
            return false;
        }

        // The network's bytes are written on the stack rather than kept per entry: smaller tables, no allocation.
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> network = stackalloc byte[16];
        if (!source.TryWriteBytes(bytes, out var written) || !Address.TryWriteBytes(network, out var networkLength)
            || written != networkLength)
        {
            return false;
        }

        var full = PrefixLength / 8;
        if (!bytes[..full].SequenceEqual(network[..full]))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /// <summary>Reduces an IPv4-mapped IPv6 address to IPv4, as remoted does with source addresses.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <inheritdoc/>
    public override string ToString() => Field;

    private static bool IsNumericLiteral(ReadOnlySpan<char> text)
    {
        var dots = 0;
        var colons = false;
        foreach (var c in text)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c == ':')
            {
                colons = true;
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        // IPAddress.TryParse accepts "1" or "0x1" as IPv4 shorthands; inet_pton does not.
        return colons || dots == 3;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
