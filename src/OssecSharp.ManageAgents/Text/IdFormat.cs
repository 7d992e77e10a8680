using System.Globalization;

namespace OssecSharp.ManageAgents.Text;

/// <summary>manage_agents' FormatID (validate.c); the validity rules are Core's AgentNameRules.</summary>
internal static class IdFormat
{
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
}
