using System.Globalization;
using System.Text;

namespace OssecSharp.Agentlessd.Protocol;

/// <summary>Makes text from a script or a remote host safe for one log line: control characters become <c>\xNN</c>.</summary>
internal static class LogText
{
    /// <summary>Longest text put in one log line.</summary>
    public const int MaxLength = 1024;

    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength] + "...";
        }

        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
