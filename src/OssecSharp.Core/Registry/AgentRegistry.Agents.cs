using System.Globalization;
using Npgsql;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Registry;

/// <summary>The agent table: enrollments, additions, removals and the ordered change feed.</summary>
public sealed partial class AgentRegistry
{
    private const string Columns = "id, name, ip, key, removed IS NOT NULL, change";

    /// <summary>Agent rows changed after <paramref name="change"/>, in change order (at most <paramref name="limit"/>).</summary>
    public IReadOnlyList<RegisteredAgent> ChangesSince(long change, int limit = 20_000) => Run(connection =>
    {
        using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM ossec_agents WHERE change > @c ORDER BY change LIMIT @n", connection);
        command.Parameters.AddWithValue("c", change);
        command.Parameters.AddWithValue("n", limit);
        return ReadAgents(command);
    });

    /// <summary>The live agent with this id, or null.</summary>
    public RegisteredAgent? FindLive(string id) => Run(connection =>
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM ossec_agents WHERE id = @id AND removed IS NULL", connection);
        command.Parameters.AddWithValue("id", id);
        return ReadAgents(command) is [var one] ? one : null;
    });

    /// <summary>Whether a live or removed agent has this id.</summary>
    public bool IsIdUsed(string id) => Run(connection =>
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM ossec_agents WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteScalar() is not null;
    });

    /// <summary>Whether a live agent has this name.</summary>
    public bool IsNameLive(string name) => Run(connection =>
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM ossec_agents WHERE name = @n AND removed IS NULL", connection);
        command.Parameters.AddWithValue("n", name);
        return command.ExecuteScalar() is not null;
    });

    /// <summary>
    /// authd's enrollments in ONE transaction under the registry's write lock: a taken name becomes <c>name2</c> …
    /// <c>name255</c>, a live agent holding the source address refuses the request, ids come from the shared sequence
    /// (from 1024, skipping any id already used, never capped). Returns after COMMIT: every key is durable.
    /// </summary>
    public IReadOnlyList<RegistryEnrollment> Enroll(IReadOnlyList<RegistryEnrollmentRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Write((connection, tx) =>
        {
            var results = new List<RegistryEnrollment>(requests.Count);
            foreach (var request in requests)
            {
                results.Add(EnrollOne(connection, tx, request));
            }

            return results;
        });
    }

    /// <summary>
    /// Adds one agent with a given id (manage_agents, imports): refused (false) when the id is used (live or removed)
    /// or a live agent has the name.
    /// </summary>
    public bool TryAdd(KeyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Write((connection, tx) => TryInsert(connection, tx, entry.Id, entry.Name, entry.IpField, entry.Key));
    }

    /// <summary>Adds every entry whose id is unused and whose name is free; returns how many were added.</summary>
    public int Import(IEnumerable<KeyEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var added = Write((connection, tx) => entries.Count(e => TryInsert(connection, tx, e.Id, e.Name, e.IpField, e.Key)));
        if (added > 0)
        {
            // A manager moving in brings up to 100,000 rows at once: without fresh statistics the planner takes the
            // table for the empty one it was and scans it for every enrollment until autovacuum comes by.
            Run(connection =>
            {
                using var analyze = new NpgsqlCommand("ANALYZE ossec_agents", connection);
                return analyze.ExecuteNonQuery();
            });
        }

        return added;
    }

    /// <summary>Marks the live agent removed (its id stays used) and forgets its counters; false when not live.</summary>
    public bool Remove(string id) => Write((connection, tx) =>
    {
        using var command = new NpgsqlCommand("UPDATE ossec_agents SET removed = now() WHERE id = @id AND removed IS NULL", connection, tx);
        command.Parameters.AddWithValue("id", id);
        if (command.ExecuteNonQuery() == 0)
        {
            return false;
        }

        Forget(connection, tx, id);
        return true;
    });

    private static RegistryEnrollment EnrollOne(NpgsqlConnection connection, NpgsqlTransaction tx, RegistryEnrollmentRequest request)
    {
        var replaced = new List<ReplacedAgent>();
        var sameName = FindLiveAgent(connection, tx, "name = @v", request.Name);
        if (sameName is { } live && request.ReplaceSilentAfter is { } silence
            && RetireIfSilent(connection, tx, live, silence) is { } retired)
        {
            replaced.Add(retired);
            sameName = null;
        }

        // The name itself when no live agent has it (one index probe: the usual case), else name2 … name255.
        var name = sameName is null ? request.Name : FreeSuffixedName(connection, tx, request.Name);
        if (name is null)
        {
            return new RegistryEnrollment(RegistryEnrollmentStatus.DuplicateName, Replaced: replaced);
        }

        if (FindLiveAgent(connection, tx, "split_part(ip, '/', 1) = @v", request.SourceIp) is { } holder)
        {
            if (request.ReplaceSilentAfter is not { } after || RetireIfSilent(connection, tx, holder, after) is not { } silentHolder)
            {
                return new RegistryEnrollment(RegistryEnrollmentStatus.DuplicateIp, ConflictId: holder.Id, ConflictName: holder.Name, Replaced: replaced);
            }

            replaced.Add(silentHolder);
        }

        var ip = request.UseSourceIp ? request.SourceIp : "any";
        var key = KeyGenerator.NewKey();
        while (true)
        {
            string id;
            using (var next = new NpgsqlCommand("SELECT nextval('ossec_agent_id')", connection, tx))
            {
                id = ((long)next.ExecuteScalar()!).ToString(CultureInfo.InvariantCulture);
            }

            if (TryInsert(connection, tx, id, name, ip, key) && ReadChange(connection, tx, id) is { } change)
            {
                return new RegistryEnrollment(RegistryEnrollmentStatus.Added, new RegisteredAgent(id, name, ip, key, false, change), Replaced: replaced);
            }
        }
    }

    /// <summary>
    /// The first of <c>name2</c> … <c>name255</c> that no live agent has, or null. Each candidate is looked up by the
    /// live-name index, whatever the table's statistics say.
    /// </summary>
    private static string? FreeSuffixedName(NpgsqlConnection connection, NpgsqlTransaction tx, string requested)
    {
        var candidates = new string[254];
        for (var i = 2; i <= 255; i++)
        {
            candidates[i - 2] = requested + i.ToString(CultureInfo.InvariantCulture);
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        using (var names = new NpgsqlCommand(
            """
            SELECT c.name FROM unnest(@n::text[]) AS c(name)
            WHERE EXISTS (SELECT 1 FROM ossec_agents a WHERE a.name = c.name AND a.removed IS NULL)
            """, connection, tx))
        {
            names.Parameters.AddWithValue("n", candidates);
            using var reader = names.ExecuteReader();
            while (reader.Read())
            {
                taken.Add(reader.GetString(0));
            }
        }

        return Array.Find(candidates, c => !taken.Contains(c));
    }

    private static (string Id, string Name, string Ip)? FindLiveAgent(NpgsqlConnection connection, NpgsqlTransaction tx, string where, string value)
    {
        using var command = new NpgsqlCommand($"SELECT id, name, ip FROM ossec_agents WHERE removed IS NULL AND {where} LIMIT 1", connection, tx);
        command.Parameters.AddWithValue("v", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>
    /// Removes <paramref name="agent"/> as manage_agents does (its id stays used, its counters and status go) when no
    /// node has seen it for <paramref name="silence"/>, by the database's clock so that every node measures alike.
    /// </summary>
    private static ReplacedAgent? RetireIfSilent(NpgsqlConnection connection, NpgsqlTransaction tx, (string Id, string Name, string Ip) agent, TimeSpan silence)
    {
        DateTime? lastSeen;
        using (var retire = new NpgsqlCommand(
            """
            UPDATE ossec_agents AS a SET removed = now()
            WHERE a.id = @id AND a.removed IS NULL
              AND NOT EXISTS (SELECT 1 FROM ossec_agent_status s WHERE s.id = a.id AND s.last_seen > now() - @silence)
            RETURNING (SELECT s.last_seen FROM ossec_agent_status s WHERE s.id = a.id)
            """, connection, tx))
        {
            retire.Parameters.AddWithValue("id", agent.Id);
            retire.Parameters.AddWithValue("silence", silence);
            using var reader = retire.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            lastSeen = reader.IsDBNull(0) ? null : DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
        }

        Forget(connection, tx, agent.Id);
        return new ReplacedAgent(agent.Id, agent.Name, agent.Ip, lastSeen);
    }

    /// <summary>A removed agent's counters and status go with it (its id stays used in the agent table).</summary>
    private static void Forget(NpgsqlConnection connection, NpgsqlTransaction tx, string id)
    {
        using var forget = new NpgsqlCommand(
            "DELETE FROM ossec_agent_counters WHERE id = @id; DELETE FROM ossec_agent_status WHERE id = @id", connection, tx);
        forget.Parameters.AddWithValue("id", id);
        forget.ExecuteNonQuery();
    }

    private static bool TryInsert(NpgsqlConnection connection, NpgsqlTransaction tx, string id, string name, string ip, string key)
    {
        using var command = new NpgsqlCommand(
            """
            INSERT INTO ossec_agents (id, name, ip, key) SELECT @id, @name, @ip, @key
            WHERE NOT EXISTS (SELECT 1 FROM ossec_agents WHERE removed IS NULL AND name = @name)
            ON CONFLICT (id) DO NOTHING
            """, connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("ip", ip);
        command.Parameters.AddWithValue("key", key);
        return command.ExecuteNonQuery() == 1;
    }

    private static long? ReadChange(NpgsqlConnection connection, NpgsqlTransaction tx, string id)
    {
        using var command = new NpgsqlCommand("SELECT change FROM ossec_agents WHERE id = @id", connection, tx);
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteScalar() as long?;
    }

    private static List<RegisteredAgent> ReadAgents(NpgsqlCommand command)
    {
        var list = new List<RegisteredAgent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new RegisteredAgent(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetInt64(5)));
        }

        return list;
    }
}
