using OssecSharp.Agentd.Session;

namespace OssecSharp.Agentd;

/// <summary>What Program hands from the configuration stage to the run stage.</summary>
internal sealed class AgentdConfig(AgentdSettings settings)
{
    public AgentdSettings Settings { get; } = settings;

    /// <summary>The agent's key, read while preparing (before the privilege drop).</summary>
    public AgentIdentity? Identity { get; set; }
}
