namespace OssecSharp.Agentlessd.Config;

/// <summary>One <c>&lt;agentless&gt;</c> block of <c>ossec.conf</c>.</summary>
internal sealed class AgentlessEntry
{
    /// <summary>OSSEC's default <c>&lt;frequency&gt;</c> (one day).</summary>
    public const int DefaultFrequency = 86400;

    /// <summary>An entry as the configuration loader validated it; the values are kept as given.</summary>
    public AgentlessEntry(string type, int frequency, IReadOnlyList<AgentlessHost> hosts, AgentlessStateFlags state,
        string arguments, int? port)
    {
        Type = type;
        Frequency = frequency;
        Hosts = hosts;
        State = state;
        Arguments = arguments;
        Port = port;
    }

    /// <summary>The script name under <c>agentless/</c>.</summary>
    public string Type { get; }

    /// <summary>Seconds between two runs of each host.</summary>
    public int Frequency { get; }

    /// <summary>The hosts the script runs against, each on its own schedule.</summary>
    public IReadOnlyList<AgentlessHost> Hosts { get; }

    /// <summary>The <c>&lt;state&gt;</c> values, OR-ed: whether the entry runs and whether its output is diffed.</summary>
    public AgentlessStateFlags State { get; }

    /// <summary>Whether the entry runs at all (<c>periodic</c> or <c>periodic_diff</c>).</summary>
    public bool IsPeriodic => (State & (AgentlessStateFlags.Periodic | AgentlessStateFlags.Diff)) != 0;

    /// <summary>Whether output after <c>STORE:</c> is kept and diffed.</summary>
    public bool IsDiff => (State & AgentlessStateFlags.Diff) != 0;

    /// <summary>The <c>&lt;arguments&gt;</c> text (split into words without any shell, see <see cref="AgentlessArguments"/>).</summary>
    public string Arguments { get; }

    /// <summary>The <c>&lt;port&gt;</c> element (OSSEC parses and ignores it; we pass it to the scripts).</summary>
    public int? Port { get; }
}
