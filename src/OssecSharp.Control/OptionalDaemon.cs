namespace OssecSharp.Control;

/// <summary>
/// An optional part of a server install switched with <c>ossec-control enable|disable &lt;name&gt;</c>, recorded in
/// <c>bin/.process_list</c> as a shell assignment (OSSEC's <c>AGENTLESS_DAEMON=ossec-agentlessd</c> and friends).
/// </summary>
internal sealed record OptionalDaemon(string OptionName, string Variable, string EnabledValue)
{
    public static readonly OptionalDaemon Database = new("database", "DB_DAEMON", "ossec-dbd");
    public static readonly OptionalDaemon ClientSyslog = new("client-syslog", "CSYSLOG_DAEMON", "ossec-csyslogd");
    public static readonly OptionalDaemon Agentless = new("agentless", "AGENTLESS_DAEMON", "ossec-agentlessd");
    public static readonly OptionalDaemon Auth = new("auth", "AUTH_DAEMON", "ossec-authd");
    public static readonly OptionalDaemon Debug = new("debug", "DEBUG_CLI", "-d");

    /// <summary>Every option, in the order the usage line names them.</summary>
    public static IReadOnlyList<OptionalDaemon> All { get; } = [Database, ClientSyslog, Agentless, Auth, Debug];

    public static OptionalDaemon? ForOption(string name) => All.FirstOrDefault(o => o.OptionName == name);

    public static OptionalDaemon? ForDaemon(string daemon) => All.FirstOrDefault(o => o.EnabledValue == daemon);
}
