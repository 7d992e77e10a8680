namespace OssecSharp.Remoted.ActiveResponse;

/// <summary>Which agents an active-response request goes to (the F1/F2/F3 flags of channel-control.md §7.1).</summary>
internal enum ArTarget
{
    /// <summary><c>A..</c>: every agent.</summary>
    AllAgents,

    /// <summary><c>.R.</c>: the agent whose name is in the event location.</summary>
    SourceAgent,

    /// <summary><c>..S</c>: the agent with the given id.</summary>
    SpecificAgent,

    /// <summary>No flag set: nothing to send.</summary>
    None,
}
