using Npgsql;
using OssecSharp.Core.Counters;

namespace OssecSharp.Core.Registry;

/// <summary>Per-agent counters (who holds the agent, and the highest counter it accepted) and status.</summary>
public sealed partial class AgentRegistry
{
    /// <summary>
    /// Makes <paramref name="node"/> the holder of agent <paramref name="id"/> with <paramref name="startup"/> (the
    /// agent's start-up message) as its counter, only if that counter is above the stored one. Committed before it
    /// returns true, and announced to the other nodes (<c>ossec_claims</c>), which stop accepting the agent.
    /// </summary>
    public bool Claim(string id, string node, MessageCounter startup) => Run(connection =>
    {
        using var command = new NpgsqlCommand(
            """
            WITH c AS (
                INSERT INTO ossec_agent_counters AS s (id, global, local, node) VALUES (@id, @g, @l, @node)
                ON CONFLICT (id) DO UPDATE SET global = EXCLUDED.global, local = EXCLUDED.local, node = EXCLUDED.node,
                    claimed = now(), updated = now()
                WHERE (s.global, s.local) < (EXCLUDED.global, EXCLUDED.local)
                RETURNING s.id, s.node)
            SELECT pg_notify('ossec_claims', c.id || ' ' || c.node) FROM c
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("g", (long)startup.Global);
        command.Parameters.AddWithValue("l", (long)startup.Local);
        command.Parameters.AddWithValue("node", node);
        using var reader = command.ExecuteReader();
        return reader.Read();
    });

    /// <summary>
    /// Writes the counters (and status) of the agents <paramref name="node"/> still holds, in one transaction. Returns
    /// the ids it no longer holds (another node claimed them, or they were removed): the caller stops accepting them.
    /// </summary>
    public IReadOnlyList<string> Checkpoint(string node, IReadOnlyList<CounterCheckpoint> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        var ids = items.Select(i => i.Id).ToArray();
        var globals = items.Select(i => (long)i.Counter.Global).ToArray();
        var locals = items.Select(i => (long)i.Counter.Local).ToArray();
        var os = items.Select(i => i.Os ?? string.Empty).ToArray();
        return Run(connection =>
        {
            using var tx = connection.BeginTransaction();
            var held = new HashSet<string>(StringComparer.Ordinal);
            using (var command = new NpgsqlCommand(
                """
                UPDATE ossec_agent_counters AS s SET global = v.g, local = v.l, updated = now()
                FROM unnest(@ids, @gs, @ls) AS v(id, g, l)
                WHERE s.id = v.id AND s.node = @node AND (s.global, s.local) <= (v.g, v.l)
                RETURNING s.id
                """, connection, tx))
            {
                command.Parameters.AddWithValue("ids", ids);
                command.Parameters.AddWithValue("gs", globals);
                command.Parameters.AddWithValue("ls", locals);
                command.Parameters.AddWithValue("node", node);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    held.Add(reader.GetString(0));
                }
            }

            using (var status = new NpgsqlCommand(
                """
                INSERT INTO ossec_agent_status AS s (id, last_seen, os, node)
                SELECT v.id, now(), NULLIF(v.os, ''), @node FROM unnest(@ids, @os) AS v(id, os)
                WHERE v.id = ANY(@held)
                ON CONFLICT (id) DO UPDATE SET last_seen = now(), os = COALESCE(EXCLUDED.os, s.os), node = EXCLUDED.node
                """, connection, tx))
            {
                status.Parameters.AddWithValue("ids", ids);
                status.Parameters.AddWithValue("os", os);
                status.Parameters.AddWithValue("node", node);
                status.Parameters.AddWithValue("held", held.ToArray());
                status.ExecuteNonQuery();
            }

            tx.Commit();
            return (IReadOnlyList<string>)[.. ids.Where(id => !held.Contains(id))];
        });
    }

    /// <summary>Of <paramref name="ids"/>, those another node holds now (a node checks this after a lost connection).</summary>
    public IReadOnlyList<string> HeldElsewhere(string node, IReadOnlyCollection<string> ids) => Run(connection =>
    {
        using var command = new NpgsqlCommand(
            "SELECT id FROM ossec_agent_counters WHERE id = ANY(@ids) AND node <> @node", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("node", node);
        var list = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return (IReadOnlyList<string>)list;
    });

    /// <summary>The stored counter and holder of an agent (agent_control, tests), or null.</summary>
    public (MessageCounter Counter, string Node)? StoredCounter(string id) => Run(connection =>
    {
        using var command = new NpgsqlCommand("SELECT global, local, node FROM ossec_agent_counters WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? ((MessageCounter, string)?)(new MessageCounter((uint)reader.GetInt64(0), (uint)reader.GetInt64(1)), reader.GetString(2))
            : null;
    });
}
