using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// Agent name rule of OSSEC 4.x (<c>OS_IsValidName</c>): 2 to 128 characters from <c>[A-Za-z0-9._-]</c>.
/// </summary>
public static class EnrollmentNames
{
    /// <summary>Shortest valid name.</summary>
    public const int MinLength = 2;

    /// <summary>Longest valid name.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="name"/> is a valid agent name.</summary>
    public static bool IsValid(string name) =>
        name.Length is >= MinLength and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Decodes received name bytes for logs and replies; invalid UTF-8 becomes U+FFFD (and fails validation).</summary>
    public static string Decode(ReadOnlySpan<byte> nameBytes) => Encoding.UTF8.GetString(nameBytes);

    /// <summary>
    /// The name as it may appear in a log line or a reply: control characters (a newline could forge log lines or cut
    /// agent-auth's output) become <c>?</c>.
    /// </summary>
    public static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        return string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
