using System.Text;

namespace OssecSharp.Agentlessd.Config;

/// <summary>
/// Splits <c>&lt;arguments&gt;</c> into words as a shell would (blanks separate, single and double quotes and
/// backslash group) but with no expansion and no operators: OSSEC pastes the text into <c>/bin/sh -c</c>, so a
/// <c>;</c> in it ran commands on the manager. Here <c>;</c>, <c>$(…)</c> and the like stay plain text and
/// reach the script (which runs them on the remote host only, if at all).
/// </summary>
internal static class AgentlessArguments
{
    /// <summary>The words of <paramref name="text"/>; an unterminated quote runs to the end.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
