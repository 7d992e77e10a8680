namespace OssecSharp.AgentControl;

/// <summary>A live client.keys entry as agent_control lists it.</summary>
/// <param name="Id">The id as written.</param>
/// <param name="Name">The agent name.</param>
/// <param name="IpField">The ip field as written (with any <c>/N</c>).</param>
/// <param name="IpString">The ip field without <c>/N</c>: the agent-info file is <c>&lt;name&gt;-&lt;IpString&gt;</c>.</param>
/// <param name="PrefixLength">The prefix length (32/128 for a single host, 0 for <c>any</c>).</param>
internal sealed record KeyedAgent(string Id, string Name, string IpField, string IpString, int PrefixLength);
