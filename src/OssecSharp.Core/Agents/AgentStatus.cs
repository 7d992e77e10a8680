namespace OssecSharp.Core.Agents;

/// <summary>An agent's connection state, from the mtime of its agent-info file (read-agents.c get_agent_status).</summary>
public enum AgentStatus
{
    /// <summary>No agent-info file: the agent never sent a keepalive.</summary>
    NeverConnected,

    /// <summary>The file was written within <see cref="AgentInfo.ActiveWindow"/>.</summary>
    Active,

    /// <summary>The file is older than <see cref="AgentInfo.ActiveWindow"/>.</summary>
    Disconnected,
}
