using Npgsql;

namespace OssecSharp.Core.Registry;

public sealed partial class AgentRegistry
{
    /// <summary>
    /// Every agent's last checkpointed contact, by id: what agent_control on any node shows, since the agent-info file
    /// exists only on the node that serves the agent.
    /// </summary>
    public IReadOnlyDictionary<string, RegistryAgentStatus> Statuses() => Run(connection =>
    {
        var statuses = new Dictionary<string, RegistryAgentStatus>(StringComparer.Ordinal);
        using var command = new NpgsqlCommand(
            "SELECT id, last_seen, os, node FROM ossec_agent_status WHERE last_seen IS NOT NULL", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            statuses[id] = new RegistryAgentStatus(
                id,
                DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3));
        }

        return (IReadOnlyDictionary<string, RegistryAgentStatus>)statuses;
    });
}
