using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.AgentControl;

/// <summary><c>agent_control -l</c>, <c>-lc</c>, with <c>-s</c> (CSV) or <c>-j</c> (JSON): print_agents(1, …).</summary>
internal static class AgentListRenderer
{
    /// <summary>Output format of the list.</summary>
    public enum Format
    {
        Text,
        Csv,
        Json,
    }

    /// <summary>Renders the whole list: the manager (000), then every keyed agent, then agentless devices.</summary>
    public static string Render(
        string hostName, IEnumerable<(KeyEntry Agent, AgentStatus Status)> agents, IEnumerable<string> agentless, bool activeOnly, Format format)
    {
        var sb = new StringBuilder();
        switch (format)
        {
            case Format.Text:
                sb.Append('\n').Append(AgentControlText.Prefix).Append(". List of available agents:");
                sb.Append("\n   ID: 000, Name: ").Append(hostName).Append(" (server), IP: 127.0.0.1, Active/Local\n");
                break;
            case Format.Json:
                sb.Append("[ { \"ID\" : \"000\", \"Name\" : \"").Append(hostName).Append(" (server)\", \"IP\": \"127.0.0.1\", \"Status\" : \"Active/Local\" }");
                break;
            default:
                sb.Append("000,").Append(hostName).Append(" (server),127.0.0.1,Active/Local,\n");
                break;
        }

        foreach (var (agent, status) in agents)
        {
            if (activeOnly && status != AgentStatus.Active)
            {
                continue;
            }

            var text = AgentInfoReader.StatusText(status);
            _ = format switch
            {
                Format.Text => sb.Append("   ID: ").Append(agent.Id).Append(", Name: ").Append(agent.Name).Append(", IP: ").Append(agent.IpField)
                    .Append(", ").Append(text).Append('\n'),
                Format.Json => AppendJson(sb, agent.Id, agent.Name, agent.IpField, text),
                _ => sb.Append(agent.Id).Append(',').Append(agent.Name).Append(',').Append(agent.IpField).Append(',').Append(text).Append(",\n"),
            };
        }

        if (!activeOnly)
        {
            if (format == Format.Text)
            {
                sb.Append("\nList of agentless devices:\n");
            }

            foreach (var device in agentless)
            {
                var at = device.IndexOf('@', StringComparison.Ordinal);
                var ip = at >= 0 ? device[(at + 1)..] : "<na>";
                _ = format switch
                {
                    Format.Text => sb.Append("   ID: na, Name: ").Append(device).Append(", IP: ").Append(ip).Append(", agentless\n"),
                    // OSSEC prints the text line inside its JSON array here; keep the array valid instead.
                    Format.Json => AppendJson(sb, "na", device, ip, "agentless"),
                    _ => sb.Append("na,").Append(device).Append(',').Append(ip).Append(",agentless,\n"),
                };
            }
        }

        sb.Append(format == Format.Json ? "]" : "\n");
        return sb.ToString();
    }

    private static StringBuilder AppendJson(StringBuilder sb, string id, string name, string ip, string status) =>
        sb.Append(", { \"ID\" : \"").Append(id).Append("\", \"Name\" : \"").Append(name).Append("\", \"IP\": \"").Append(ip)
            .Append("\", \"Status\" : \"").Append(status).Append("\" }");
}
