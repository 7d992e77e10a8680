namespace OssecSharp.Core.Keys;

/// <summary>A request to add one agent to client.keys.</summary>
/// <param name="Name">Agent name (validated with <see cref="AgentNameRules"/>).</param>
/// <param name="IpField">Ip field as it will be written (<c>any</c>, address, or address/N).</param>
/// <param name="Id">Explicit id (1–8 digits, written as given), or null to allocate by <paramref name="Policy"/>.</param>
/// <param name="Key">The secret, or null to generate one with <see cref="KeyGenerator"/>.</param>
/// <param name="Policy">Id allocation when <paramref name="Id"/> is null.</param>
/// <param name="CheckDuplicateIp">manage_agents' duplicate-ip refusal (bulk add skips it).</param>
public sealed record KeyAddRequest(
    string Name, string IpField, string? Id = null, string? Key = null, KeyIdPolicy Policy = KeyIdPolicy.ManageAgents,
    bool CheckDuplicateIp = true);
