namespace OssecSharp.ManageAgents.Store;

/// <summary>A live client.keys entry as manage_agents shows it.</summary>
/// <param name="Id">The id as written.</param>
/// <param name="Name">The agent name.</param>
/// <param name="IpField">The ip field as written (with any <c>/N</c>).</param>
/// <param name="IpString">The ip field without <c>/N</c> (agent-info file names).</param>
internal sealed record AgentLine(string Id, string Name, string IpField, string IpString);
