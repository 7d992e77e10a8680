using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Protocol;

/// <summary>Agent names as received in an enrollment request: decoding, validation, safe display.</summary>
public static class EnrollmentNames
{
    /// <summary>Whether <paramref name="name"/> is a valid agent name (<see cref="AgentNameRules.IsValidName"/>).</summary>
    public static bool IsValid(string name) => AgentNameRules.IsValidName(name);

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
