namespace OssecSharp.Agentlessd.Config;

/// <summary>The <c>&lt;state&gt;</c> values of an <c>&lt;agentless&gt;</c> block (OSSEC OR-s repeated ones).</summary>
[Flags]
internal enum AgentlessStateFlags
{
    /// <summary>No state given.</summary>
    None = 0,

    /// <summary><c>periodic</c>: run every <c>frequency</c> seconds.</summary>
    Periodic = 1,

    /// <summary><c>periodic_diff</c>: periodic, and the output after <c>STORE:</c> is diffed.</summary>
    Diff = 2,

    /// <summary><c>stay_connected</c>: accepted by OSSEC and never executed.</summary>
    StayConnected = 4,
}
