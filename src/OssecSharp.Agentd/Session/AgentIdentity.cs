namespace OssecSharp.Agentd.Session;

/// <summary>The agent's own entry of <c>client.keys</c>, as the channel needs it.</summary>
/// <param name="Id">Agent id, verbatim.</param>
/// <param name="Name">Agent name.</param>
/// <param name="IpString">The ip field without <c>/N</c> (<c>any</c> stays <c>any</c>).</param>
/// <param name="IsSingleHost">False for <c>any</c> or a network: then datagrams carry the <c>!id!</c> prefix.</param>
/// <param name="Key">The key field.</param>
internal sealed record AgentIdentity(string Id, string Name, string IpString, bool IsSingleHost, string Key);
