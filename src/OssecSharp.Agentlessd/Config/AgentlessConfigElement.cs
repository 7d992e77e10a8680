namespace OssecSharp.Agentlessd.Config;

/// <summary>One child element of an <c>&lt;agentless&gt;</c> block: name, text and where it was written.</summary>
internal readonly record struct AgentlessConfigElement(string Name, string Value, int Line);
