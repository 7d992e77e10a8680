using System.Globalization;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The validation rules of OSSEC's tools (manage_agents, authd, agent-auth) for names, ids, ips and keys
/// (keys-and-crypto.md §1.2). The user-facing messages belong to each tool.
/// </summary>
public static class AgentNameRules
{
    /// <summary>Shortest valid agent name.</summary>
    public const int MinNameLength = 2;

    /// <summary>Longest valid agent name (the manage_agents message says 32; the code allows 128).</summary>
    public const int MaxNameLength = 128;

    /// <summary>Longest valid id in digits.</summary>
    public const int MaxIdDigits = 8;

    /// <summary>Length of a generated key.</summary>
    public const int KeyLength = 64;

    /// <summary>Names: 2–128 characters of <c>[A-Za-z0-9._-]</c> (OS_IsValidName).</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.Length is < MinNameLength or > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The load-time check of a name read from client.keys: not empty and only OS_IsValidName's characters
    /// (<c>[A-Za-z0-9._-]</c>), so it can never leave the folder of a file named after it. The length is not checked:
    /// authd's <c>name2</c>… suffixes may pass 128 and the reader cuts names at 127 bytes anyway.
    /// </summary>
    public static bool HasValidNameChars(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'.' or (byte)'_' or (byte)'-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ids: 1–8 ASCII digits.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length is < 1 or > MaxIdDigits)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ip field the tools accept: <c>any</c>, an address, or address/N.</summary>
    public static bool IsValidIpField(string? field) =>
        field is not null && !field.StartsWith('!') && KeyIp.TryParse(field, out _);

    /// <summary>What agent-auth 4.x accepts in a received key line: <c>any</c> or one address (no CIDR).</summary>
    public static bool IsValidEnrolledIp(string? field) =>
        IsValidIpField(field) && KeyIp.TryParse(field, out var ip) && (ip.IsAny || !ip.HasPrefixSuffix);

    /// <summary>A key of exactly 64 hex digits (agent-auth 4.x check).</summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.Length != KeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>manage_agents' id format: zero-padded to at least three digits (<c>%03d</c>).</summary>
    public static string FormatManageAgentsId(long id) => id.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>
    /// Normalizes an id typed by a user as manage_agents does (<c>5</c> → <c>005</c>); null when not 1–8 digits.
    /// </summary>
    public static string? NormalizeUserId(ReadOnlySpan<char> id) =>
        IsValidId(id) ? FormatManageAgentsId(long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture)) : null;

    /// <summary>Checks an entry for adding; <see cref="KeyValidationError.None"/> when valid.</summary>
    public static KeyValidationError Validate(string id, string name, string ipField, string key)
    {
        if (!IsValidId(id))
        {
            return KeyValidationError.InvalidId;
        }

        if (!IsValidName(name))
        {
            return KeyValidationError.InvalidName;
        }

        if (!IsValidIpField(ipField))
        {
            return KeyValidationError.InvalidIp;
        }

        return string.IsNullOrEmpty(key) || key.AsSpan().ContainsAny(" \n\r") || key.Length > KeyFileParser.MaxFieldBytes
            ? KeyValidationError.InvalidKey
            : KeyValidationError.None;
    }
}
