using System.Globalization;

namespace OssecSharp.ManageAgents.Text;

/// <summary>manage_agents' id rules (validate.c): OS_IsValidID and FormatID.</summary>
internal static class IdFormat
{
    /// <summary>OS_IsValidID: at most 8 characters, all ASCII digits (the empty string passes, as in OSSEC).</summary>
    public static bool IsValid(string id)
    {
        if (id.Length > 8)
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

    /// <summary>FormatID: a whole-number string becomes <c>%03d</c> (<c>1</c> → <c>001</c>); anything else is kept.</summary>
    public static string Format(string id)
    {
        var span = id.AsSpan().TrimStart(" \t\n\v\f\r");
        if (span.Length == 0 || !int.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return id;
        }

        return number.ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>OS_IsValidName: 2–128 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is < 2 or > 128)
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
}
