namespace OssecSharp.Core.Registry;

/// <summary>
/// The registry's tables, created by the first node that starts (idempotent; nodes racing serialise on an advisory
/// lock). Every change of an agent row takes the next value of <c>ossec_agent_change</c> and notifies
/// <c>ossec_agents</c> at commit, so nodes apply changes in order and never read the whole table after start-up.
/// </summary>
internal static class RegistrySchema
{
    /// <summary>Advisory lock key held by every transaction that writes agent rows (so change order is commit order).</summary>
    public const long WriteLock = 0x4F53_5345_4301;

    public const string AgentsChannel = "ossec_agents";

    public const string ClaimsChannel = "ossec_claims";

    public const string Ddl = """
        SELECT pg_advisory_xact_lock(81064);
        CREATE SEQUENCE IF NOT EXISTS ossec_agent_id START 1024 MINVALUE 1024;
        CREATE SEQUENCE IF NOT EXISTS ossec_agent_change;
        CREATE TABLE IF NOT EXISTS ossec_agents (
            id text PRIMARY KEY,
            name text NOT NULL,
            ip text NOT NULL,
            key text NOT NULL,
            added timestamptz NOT NULL DEFAULT now(),
            removed timestamptz,
            change bigint NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX IF NOT EXISTS ossec_agents_live_name ON ossec_agents (name) WHERE removed IS NULL;
        CREATE INDEX IF NOT EXISTS ossec_agents_live_ip ON ossec_agents (split_part(ip, '/', 1)) WHERE removed IS NULL;
        CREATE INDEX IF NOT EXISTS ossec_agents_change ON ossec_agents (change);
        CREATE TABLE IF NOT EXISTS ossec_agent_counters (
            id text PRIMARY KEY,
            global bigint NOT NULL,
            local bigint NOT NULL,
            node text NOT NULL,
            claimed timestamptz NOT NULL DEFAULT now(),
            updated timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS ossec_agent_status (
            id text PRIMARY KEY,
            last_seen timestamptz,
            os text,
            node text);
        CREATE OR REPLACE FUNCTION ossec_agents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.change := nextval('ossec_agent_change');
            PERFORM pg_notify('ossec_agents', NEW.change::text);
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER ossec_agents_changed BEFORE INSERT OR UPDATE ON ossec_agents
            FOR EACH ROW EXECUTE FUNCTION ossec_agents_changed();
        """;
}
