using System.Text;
using OssecSharp.Core.Layout;

namespace OssecSharp.AgentControl;

/// <summary><c>agent_control -L</c>: the responses listed in <c>etc/shared/ar.conf</c> (<c>name - command timeout</c>).</summary>
internal static class ActiveResponseList
{
    public static string Render(OssecPaths paths, bool machineReadable)
    {
        var sb = new StringBuilder();
        if (!machineReadable)
        {
            sb.Append('\n').Append(AgentControlText.Prefix).Append(". Available active responses:\n");
        }

        var file = Path.Combine(paths.SharedDir, "ar.conf");
        if (!File.Exists(file))
        {
            return sb.Append("\n   No active response available.\n\n").ToString();
        }

        foreach (var line in File.ReadLines(file))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }

            var name = line[..space];
            var rest = line.AsSpan(space + 1);
            if (rest.StartsWith("-"))
            {
                rest = rest[1..];
            }

            if (rest.StartsWith(" "))
            {
                rest = rest[1..];
            }

            var end = rest.IndexOf(' ');
            if (end < 0 || name == "restart-ossec0")
            {
                continue;
            }

            sb.Append("\n   Response name: ").Append(name).Append(", command: ").Append(rest[..end]);
        }

        return sb.Append("\n\n").ToString();
    }
}
