namespace OssecSharp.Core.Registry;

/// <summary>A live agent that an enrollment under <c>-F</c> removed because no node had seen it for long enough.</summary>
/// <param name="Id">Its id (stays used).</param>
/// <param name="Name">Its name.</param>
/// <param name="Ip">Its ip field.</param>
/// <param name="LastSeen">When a node last checkpointed a message of it (UTC), or null when it never connected.</param>
public sealed record ReplacedAgent(string Id, string Name, string Ip, DateTime? LastSeen);
