namespace OssecSharp.Agentlessd.Config;

/// <summary>One <c>&lt;host&gt;</c> of an <c>&lt;agentless&gt;</c> block.</summary>
/// <param name="Privilege">Empty, <c>use_su</c> or <c>use_sudo</c> (the prefix OSSEC passes as its own argument).</param>
/// <param name="Target"><c>user@host</c> as written (optionally <c>:port</c>): the name in logs, locations and state.</param>
/// <param name="ScriptTarget">What the script gets: <see cref="Target"/> plus the block's <c>&lt;port&gt;</c> when set.</param>
internal sealed record AgentlessHost(string Privilege, string Target, string ScriptTarget);
