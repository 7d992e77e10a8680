using OssecSharp.Core.Counters;

namespace OssecSharp.Core.Registry;

/// <summary>The highest counter a node accepted from one agent it holds, with what it last reported.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Counter">Highest accepted counter.</param>
/// <param name="Os">First line of the agent's last keepalive (its OS and version), when known.</param>
public readonly record struct CounterCheckpoint(string Id, MessageCounter Counter, string? Os);
