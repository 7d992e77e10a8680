namespace OssecSharp.Core.Registry;

/// <summary>One row of the registry's agent table.</summary>
/// <param name="Id">Agent id (as client.keys writes it).</param>
/// <param name="Name">Agent name.</param>
/// <param name="IpField">Ip field (<c>any</c>, address, address/N).</param>
/// <param name="Key">The secret.</param>
/// <param name="Removed">Whether the agent was removed (the id stays used, as in client.keys).</param>
/// <param name="Change">Position in the registry's change order (what a node has applied up to).</param>
public sealed record RegisteredAgent(string Id, string Name, string IpField, string Key, bool Removed, long Change)
{
    /// <summary>The client.keys line of the agent.</summary>
    public string ToLine() => string.Concat(Id, " ", Name, " ", IpField, " ", Key);
}
