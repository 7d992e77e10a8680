namespace OssecSharp.AgentControl;

/// <summary>What <c>agent_control -i</c> shows beyond the key entry (read-agents.c get_agent_info).</summary>
internal sealed record AgentDetails(
    string OperatingSystem,
    string Version,
    string Encryption,
    string LastKeepAlive,
    string SyscheckStarted,
    string SyscheckEnded,
    string RootcheckStarted,
    string RootcheckEnded);
