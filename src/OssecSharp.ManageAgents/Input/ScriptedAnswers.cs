namespace OssecSharp.ManageAgents.Input;

/// <summary>
/// The environment interface scripts use instead of typing (manage-agents.md §8); the flags <c>-a -n -r -F</c>
/// fill the same values. A null value means "ask on stdin".
/// </summary>
internal sealed class ScriptedAnswers
{
    public string? Action { get; set; }

    public string? AgentName { get; set; }

    public string? AgentIp { get; set; }

    public string? AgentId { get; set; }

    public string? AgentKey { get; set; }

    public string? Confirmed { get; set; }

    public string? RemoveDuplicated { get; set; }

    /// <summary>Reads the <c>OSSEC_*</c> variables through <paramref name="lookup"/>.</summary>
    public static ScriptedAnswers FromEnvironment(Func<string, string?> lookup) => new()
    {
        Action = lookup("OSSEC_ACTION"),
        AgentName = lookup("OSSEC_AGENT_NAME"),
        AgentIp = lookup("OSSEC_AGENT_IP"),
        AgentId = lookup("OSSEC_AGENT_ID"),
        AgentKey = lookup("OSSEC_AGENT_KEY"),
        Confirmed = lookup("OSSEC_ACTION_CONFIRMED"),
        RemoveDuplicated = lookup("OSSEC_REMOVE_DUPLICATED"),
    };
}
