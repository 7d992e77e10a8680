using OssecSharp.Core.Cli;

namespace OssecSharp.AgentControl;

/// <summary>
/// <c>agent_control -M &lt;action&gt; -u &lt;id&gt;</c>. FIM maintenance mode lives in ossec-analysisd, which
/// OssecSharp does not run: no agent is ever in maintenance, <c>status</c> says so, and the actions that would
/// change it are refused instead of pretending.
/// </summary>
internal static class FimMaintenance
{
    public static int Run(string action, string? agentId, bool json, TextWriter output)
    {
        if (agentId is null)
        {
            output.Write(json ? AgentControlText.JsonError(44, "-M requires -u <agent_id>") : "\n** -M requires -u <agent_id>.\n");
            return 1;
        }

        switch (action)
        {
            case "status":
                output.Write(json
                    ? new CJsonObject().Add("error", 0).Add("response",
                        new CJsonObject().Add("agent", agentId).Add("fimMaintenance", "disabled").Add("action", action)).ToString()
                    : $"\n{AgentControlText.Prefix}: Agent {agentId} FIM maintenance mode: disabled\n");
                return 0;
            case "enable" or "disable" or "end":
                output.Write(json
                    ? AgentControlText.JsonError(46, "Unable to update FIM maintenance mode: it needs ossec-analysisd, which OssecSharp does not run")
                    : "\n** Unable to update FIM maintenance mode: it needs ossec-analysisd, which OssecSharp does not run.\n");
                return 1;
            default:
                output.Write(json
                    ? AgentControlText.JsonError(45, "Invalid -M action (enable|disable|status|end)")
                    : $"\n** Invalid -M action '{action}' (use enable|disable|status|end).\n");
                return 1;
        }
    }
}
