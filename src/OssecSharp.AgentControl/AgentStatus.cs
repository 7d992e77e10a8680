namespace OssecSharp.AgentControl;

/// <summary>An agent's connection state, from the mtime of its agent-info file (read-agents.c get_agent_status).</summary>
internal enum AgentStatus
{
    NeverConnected,
    Active,
    Disconnected,
}
