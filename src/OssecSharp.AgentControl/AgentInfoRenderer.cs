using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.AgentControl;

/// <summary><c>agent_control -i &lt;id&gt;</c> (with <c>-s</c> for CSV, <c>-e</c> for scan end times).</summary>
internal static class AgentInfoRenderer
{
    /// <summary>Renders one agent; <paramref name="agent"/> null means the manager itself (ID 000).</summary>
    public static string Render(
        KeyEntry? agent, string hostName, AgentStatus status, AgentDetails details, bool csv, bool endTimes)
    {
        var sb = new StringBuilder();
        if (!csv)
        {
            sb.Append('\n').Append(AgentControlText.Prefix).Append(". Agent information:");
        }

        var statusText = AgentInfoReader.StatusText(status);
        if (agent is not null)
        {
            var finalIp = $"{agent.IpString}/{agent.PrefixLength}";
            if (!csv)
            {
                sb.Append("\n   Agent ID:   ").Append(agent.Id).Append('\n');
                sb.Append("   Agent Name: ").Append(agent.Name).Append('\n');
                sb.Append("   IP address: ").Append(finalIp).Append('\n');
                sb.Append("   Status:     ").Append(statusText).Append("\n\n");
            }
            else
            {
                sb.Append(agent.Id).Append(',').Append(agent.Name).Append(',').Append(finalIp).Append(',').Append(statusText).Append(',');
            }
        }
        else if (!csv)
        {
            sb.Append("\n   Agent ID:   000 (local instance)\n");
            sb.Append("   Agent Name: ").Append(hostName).Append('\n');
            sb.Append("   IP address: 127.0.0.1\n");
            sb.Append("   Status:     ").Append(statusText).Append("/Local\n\n");
        }
        else
        {
            sb.Append("000,").Append(hostName).Append(",127.0.0.1,").Append(statusText).Append("/Local,");
        }

        if (csv)
        {
            sb.Append(details.OperatingSystem).Append(',').Append(details.Version).Append(',').Append(details.LastKeepAlive).Append(',')
                .Append(details.SyscheckStarted).Append(',').Append(details.RootcheckStarted).Append(",\n");
            return sb.ToString();
        }

        sb.Append("   Operating system:    ").Append(details.OperatingSystem).Append('\n');
        sb.Append("   Client version:      ").Append(details.Version).Append('\n');
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

        return sb.ToString();
    }
}
