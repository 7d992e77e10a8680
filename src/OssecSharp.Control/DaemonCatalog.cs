using OssecSharp.Core.Layout;

namespace OssecSharp.Control;

/// <summary>
/// Which daemons an install runs, in OSSEC's start and stop orders (ossec-control's SDAEMONS / DAEMONS).
/// Daemons whose binary is not in <c>bin/</c> are left out, so an install of ours (or one mixing real OSSEC
/// daemons into ours) starts and reports exactly what it has.
/// </summary>
internal sealed class DaemonCatalog
{
    private static readonly string[] s_serverStart =
    [
        "ossec-dbd", "ossec-csyslogd", "ossec-agentlessd", "ossec-authd", "ossec-maild", "ossec-execd", "ossec-analysisd",
        "ossec-logcollector", "ossec-remoted", "ossec-syscheckd", "ossec-monitord",
    ];

    private static readonly string[] s_serverStop =
    [
        "ossec-monitord", "ossec-logcollector", "ossec-remoted", "ossec-syscheckd", "ossec-analysisd", "ossec-maild",
        "ossec-execd", "ossec-dbd", "ossec-csyslogd", "ossec-agentlessd", "ossec-authd",
    ];

    private static readonly string[] s_agentStart = ["ossec-execd", "ossec-agentd", "ossec-logcollector", "ossec-syscheckd"];

    private static readonly string[] s_agentStop = ["ossec-logcollector", "ossec-syscheckd", "ossec-agentd", "ossec-execd"];

    private readonly OssecPaths _paths;
    private readonly ProcessListFile _processList;

    public DaemonCatalog(OssecPaths paths, InstallType type, ProcessListFile processList)
    {
        _paths = paths;
        Type = type;
        _processList = processList;
    }

    public InstallType Type { get; }

    public bool IsAgent => Type == InstallType.Agent;

    /// <summary>The daemons to start, in order.</summary>
    public IReadOnlyList<string> StartOrder => Select(IsAgent ? s_agentStart : s_serverStart);

    /// <summary>The daemons to stop and report, in order.</summary>
    public IReadOnlyList<string> StopOrder => Select(IsAgent ? s_agentStop : s_serverStop);

    /// <summary>Whether debug mode (<c>enable debug</c>) passes <c>-d</c> to every server daemon.</summary>
    public bool DebugEnabled => !IsAgent && _processList.IsEnabled(OptionalDaemon.Debug);

    /// <summary>
    /// ossec-authd's options (port, <c>-i</c>, <c>-F</c>, ...) from <c>AUTHD_OPTIONS</c> in <c>bin/.process_list</c>,
    /// the file the systemd unit reads too, so both start authd alike. OSSEC's own script ignores the variable.
    /// </summary>
    public IReadOnlyList<string> OptionsOf(string daemon) =>
        daemon == OptionalDaemon.Auth.EnabledValue && _processList.Value(AuthdOptionsVariable) is { } options
            ? options.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            : [];

    /// <summary>The <c>bin/.process_list</c> variable holding ossec-authd's command-line options.</summary>
    public const string AuthdOptionsVariable = "AUTHD_OPTIONS";

    private List<string> Select(string[] order)
    {
        var result = new List<string>(order.Length);
        foreach (var daemon in order)
        {
            if (OptionalDaemon.ForDaemon(daemon) is { } optional && (IsAgent || !_processList.IsEnabled(optional)))
            {
                continue;
            }

            if (File.Exists(Path.Combine(_paths.Bin, daemon)))
            {
                result.Add(daemon);
            }
        }

        return result;
    }
}
