using System.Globalization;
using System.Net;

namespace OssecSharp.Core.Config;

/// <summary>Typed reads of element values; each failure is a <see cref="ConfigException"/> naming the element.</summary>
public static class ConfigValues
{
    /// <summary>An all-digits integer inside [<paramref name="min"/>, <paramref name="max"/>] (OSSEC 1235 otherwise).</summary>
    public static int Int(ConfigElement element, int min, int max)
    {
        var v = element.Value;
        if (v.Length == 0 || v.Length > 10 || !v.All(char.IsAsciiDigit)
            || !long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw ConfigException.For(element, $"Invalid value for element '{element.Name}': {v}.");
        }

        if (n < min || n > max)
        {
            throw ConfigException.For(element, $"value {v} out of range {min}-{max}.");
        }

        return (int)n;
    }

    /// <summary><c>yes</c> or <c>no</c>.</summary>
    public static bool YesNo(ConfigElement element) => element.Value switch
    {
        "yes" => true,
        "no" => false,
        _ => throw ConfigException.For(element, $"Invalid value for element '{element.Name}': {element.Value}. Expected yes or no."),
    };

    /// <summary>A non-empty value.</summary>
    public static string Text(ConfigElement element) =>
        element.Value.Length > 0 ? element.Value : throw ConfigException.For(element, "empty value.");

    /// <summary>A numeric IP address (no host names, no CIDR) (OSSEC 1237 otherwise).</summary>
    public static IPAddress Address(ConfigElement element)
    {
        var v = element.Value;
        return v.Contains('/', StringComparison.Ordinal) || v.Any(c => !(char.IsAsciiHexDigit(c) || c is '.' or ':'))
            || (!v.Contains(':', StringComparison.Ordinal) && v.Split('.').Length != 4)
            || !IPAddress.TryParse(v, out var address)
            ? throw ConfigException.For(element, $"Invalid ip address: '{v}'.")
            : address;
    }

    /// <summary>Rejects an element that has children where a value is expected.</summary>
    public static void NoChildren(ConfigElement element)
    {
        if (element.Children.Count > 0)
        {
            throw ConfigException.For(element.Children[0], $"Invalid element in the configuration: '{element.Children[0].Name}'.");
        }
    }

    /// <summary>The error for an element a section does not know (OSSEC 1230).</summary>
    public static ConfigException Unknown(ConfigElement element) =>
        ConfigException.For(element, $"Invalid element in the configuration: '{element.Name}'.");
}
