using OssecSharp.Core.Agents;
using System.Text;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Keys;

namespace OssecSharp.AgentControl;

/// <summary><c>agent_control -l</c>, <c>-lc</c>, with <c>-s</c> (CSV) or <c>-j</c> (JSON): print_agents(1, …).</summary>
internal static class AgentListRenderer
{
    /// <summary>Output format of the list.</summary>
    internal enum Format
    {
        Text,
        Csv,
        Json,
    }

    /// <summary>Renders the whole list: the manager (000), then every keyed agent, then agentless devices.</summary>
    public static string Render(
        string hostName, IEnumerable<(KeyEntry Agent, AgentStatus Status)> agents, IEnumerable<string> agentless, bool activeOnly, Format format) =>
        format == Format.Json ? RenderJson(hostName, agents, agentless, activeOnly) : RenderLines(hostName, agents, agentless, activeOnly, format);

    /// <summary>
    /// <c>{"error":0,"response":[{"id":"000","name":"&lt;host&gt;","ip":"127.0.0.1","status":"Active"},…]}</c>.
    /// OSSEC prints agentless devices as text lines in front of the JSON; they are array items here, so that the
    /// output stays one valid JSON document.
    /// </summary>
    private static string RenderJson(
        string hostName, IEnumerable<(KeyEntry Agent, AgentStatus Status)> agents, IEnumerable<string> agentless, bool activeOnly)
    {
        var items = new List<CJsonObject> { Item("000", hostName, "127.0.0.1", "Active") };
        foreach (var (agent, status) in agents)
        {
            if (!activeOnly || status == AgentStatus.Active)
            {
                items.Add(Item(agent.Id, agent.Name, agent.IpField, AgentInfoReader.StatusText(status)));
            }
        }

        if (!activeOnly)
        {
            items.AddRange(agentless.Select(device => Item("na", device, AgentlessIp(device), "agentless")));
        }

        return new CJsonObject().Add("error", 0).Add("response", items).ToString();
    }

    private static CJsonObject Item(string id, string name, string ip, string status) =>
        new CJsonObject().Add("id", id).Add("name", name).Add("ip", ip).Add("status", status);

    private static string AgentlessIp(string device)
    {
        var at = device.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 ? device[(at + 1)..] : "<na>";
    }

    private static string RenderLines(
        string hostName, IEnumerable<(KeyEntry Agent, AgentStatus Status)> agents, IEnumerable<string> agentless, bool activeOnly, Format format)
    {
        var sb = new StringBuilder();
        switch (format)
        {
            case Format.Text:
                sb.Append('\n').Append(AgentControlText.Prefix).Append(". List of available agents:");
                sb.Append("\n   ID: 000, Name: ").Append(hostName).Append(" (server), IP: 127.0.0.1, Active/Local\n");
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
                var ip = AgentlessIp(device);
                _ = format switch
                {
                    Format.Text => sb.Append("   ID: na, Name: ").Append(device).Append(", IP: ").Append(ip).Append(", agentless\n"),
                    _ => sb.Append("na,").Append(device).Append(',').Append(ip).Append(",agentless,\n"),
                };
            }
        }

        sb.Append('\n');
        return sb.ToString();
    }
}
