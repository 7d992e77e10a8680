namespace OssecSharp.Agentd.Config;

/// <summary>One manager address of <c>&lt;client&gt;</c>, in failover order.</summary>
/// <param name="Host">A numeric address (<c>server-ip</c>) or a DNS name (<c>server-hostname</c>).</param>
/// <param name="IsHostname">True for <c>server-hostname</c>.</param>
internal sealed record ClientServer(string Host, bool IsHostname);
