using OssecSharp.Core.Agents;
using System.Text;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Keys;

namespace OssecSharp.AgentControl;

/// <summary><c>agent_control -i &lt;id&gt;</c> as text, CSV (<c>-s</c>) or JSON (<c>-j</c>); <c>-e</c> adds scan end times.</summary>
internal static class AgentInfoRenderer
{
    /// <summary>
    /// The FIM maintenance state OSSEC prints: OssecSharp runs no syscheck analysis, so no agent is ever in
    /// maintenance mode.
    /// </summary>
    private const string FimMaintenance = "disabled";

    /// <summary>Renders one agent; <paramref name="agent"/> null means the manager itself (ID 000).</summary>
    public static string Render(
        KeyEntry? agent, string hostName, AgentStatus status, AgentDetails details, AgentListRenderer.Format format, bool endTimes)
    {
        var statusText = AgentInfoReader.StatusText(status);
        var id = agent?.Id ?? "000";
        var name = agent?.Name ?? hostName;
        var ip = agent is null ? "127.0.0.1" : $"{agent.IpString}/{agent.PrefixLength}";
        return format switch
        {
            AgentListRenderer.Format.Json => Json(id, name, ip, statusText, details, endTimes),
            AgentListRenderer.Format.Csv => Csv(id, name, ip, agent is null ? statusText + "/Local" : statusText, details),
            _ => Text(agent is null, id, name, ip, statusText, details, endTimes),
        };
    }

    private static string Text(bool manager, string id, string name, string ip, string statusText, AgentDetails details, bool endTimes)
    {
        var sb = new StringBuilder();
        sb.Append('\n').Append(AgentControlText.Prefix).Append(". Agent information:");
        // OSSEC prints the manager's id followed by a space.
        sb.Append("\n   Agent ID:   ").Append(id).Append(manager ? " \n" : "\n");
        sb.Append("   Agent Name: ").Append(name).Append('\n');
        sb.Append("   IP address: ").Append(ip).Append('\n');
        sb.Append("   Status:     ").Append(statusText).Append(manager ? "/Local\n\n" : "\n\n");
        sb.Append("   Operating system:    ").Append(details.OperatingSystem).Append('\n');
        sb.Append("   Client version:      ").Append(details.Version).Append('\n');
        sb.Append("   Encryption:          ").Append(details.Encryption).Append('\n');
        sb.Append("   Last keep alive:     ").Append(details.LastKeepAlive).Append("\n\n");
        if (endTimes)
        {
            sb.Append("   Syscheck last started at:  ").Append(details.SyscheckStarted).Append('\n');
            sb.Append("   Syscheck last ended   at:  ").Append(details.SyscheckEnded).Append('\n');
            sb.Append("   Rootcheck last started at: ").Append(details.RootcheckStarted).Append('\n');
            sb.Append("   Rootcheck last ended   at: ").Append(details.RootcheckEnded).Append("\n\n");
        }
        else
        {
            sb.Append("   Syscheck last started  at: ").Append(details.SyscheckStarted).Append('\n');
            sb.Append("   Rootcheck last started at: ").Append(details.RootcheckStarted).Append('\n');
        }

        sb.Append("   FIM maintenance mode:  ").Append(FimMaintenance).Append('\n');
        return sb.ToString();
    }

    private static string Csv(string id, string name, string ip, string statusText, AgentDetails details) =>
        $"{id},{name},{ip},{statusText},{details.OperatingSystem},{details.Version},{details.LastKeepAlive},"
        + $"{details.SyscheckStarted},{details.RootcheckStarted},\n";

    private static string Json(string id, string name, string ip, string statusText, AgentDetails details, bool endTimes)
    {
        var response = new CJsonObject()
            .Add("id", id)
            .Add("name", name)
            .Add("ip", ip)
            .Add("status", statusText)
            .Add("os", details.OperatingSystem)
            .Add("version", details.Version)
            .Add("encryption", details.Encryption)
            .Add("lastKeepAlive", details.LastKeepAlive)
            .Add("syscheckTime", details.SyscheckStarted)
            .Add("syscheckEndTime", endTimes ? details.SyscheckEnded : string.Empty)
            .Add("rootcheckTime", details.RootcheckStarted)
            .Add("rootcheckEndTime", endTimes ? details.RootcheckEnded : string.Empty)
            .Add("fimMaintenance", FimMaintenance);
        return new CJsonObject().Add("error", 0).Add("response", response).ToString();
    }
}
