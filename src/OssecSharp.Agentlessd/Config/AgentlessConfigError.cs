namespace OssecSharp.Agentlessd.Config;

/// <summary>A configuration error as OSSEC logs it: an optional message code (<c>ossec-agentlessd(1235)</c>) and the text.</summary>
internal readonly record struct AgentlessConfigError(int? Code, string Message);
