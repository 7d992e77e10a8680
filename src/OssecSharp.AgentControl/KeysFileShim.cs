using System.Globalization;
using System.Text;

namespace OssecSharp.AgentControl;

/// <summary>TEMPORARY: reads the live entries of client.keys until Core's KeyFileParser lands on main.</summary>
internal static class KeysFileShim
{
    public static IReadOnlyList<KeyedAgent> Read(string path)
    {
        var agents = new List<KeyedAgent>();
        if (!File.Exists(path))
        {
            return agents;
        }

        foreach (var line in Encoding.Latin1.GetString(File.ReadAllBytes(path)).Split('\n'))
        {
            var parts = line.Split(' ', 4);
            if (parts.Length < 4 || line.StartsWith('#') || line.StartsWith(' ') || parts[1].StartsWith('#'))
            {
                continue;
            }

            var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
            var ipString = slash < 0 ? parts[2] : parts[2][..slash];
            var prefix = slash >= 0 && int.TryParse(parts[2][(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : ipString == "any" ? 0 : ipString.Contains(':', StringComparison.Ordinal) ? 128 : 32;
            agents.Add(new KeyedAgent(parts[0], parts[1], parts[2], ipString, prefix));
        }

        return agents;
    }
}
