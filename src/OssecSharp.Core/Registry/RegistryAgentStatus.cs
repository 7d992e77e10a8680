namespace OssecSharp.Core.Registry;

/// <summary>What the cluster knows of an agent's link: written by the node that holds it at each counter checkpoint.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="LastSeen">When a node last checkpointed a message of the agent (UTC).</param>
/// <param name="Os">First line of the agent's last keepalive (its OS and version), when known.</param>
/// <param name="Node">The node that holds the agent.</param>
public sealed record RegistryAgentStatus(string Id, DateTime LastSeen, string? Os, string? Node);
