namespace OssecSharp.Core.Events;

/// <summary>
/// One event leaving a daemon for analysis and the archives.
/// </summary>
/// <param name="Queue">OSSEC's queue code (<c>'1'</c> LOCALFILE, <c>'2'</c> SYSLOG, <c>'8'</c> SYSCHECK…).</param>
/// <param name="Location">The location as analysisd sees it, e.g. <c>(web01) any-&gt;/var/log/auth.log</c>.</param>
/// <param name="Message">The event text.</param>
/// <param name="Timestamp">When it was received.</param>
/// <param name="AgentId">The agent's id (<c>000</c> for the manager's own events).</param>
/// <param name="AgentName">The agent's name, or the manager's host name.</param>
/// <param name="AgentIp">The agent's client.keys IP string (<c>any</c>, <c>10.0.0.0/24</c>…), or null.</param>
/// <param name="Hostname">For locations not starting with <c>(</c>: the host shown as <c>host-&gt;location</c>.</param>
public sealed record ArchiveEvent(
    char Queue,
    string Location,
    string Message,
    DateTimeOffset Timestamp,
    string AgentId = "000",
    string? AgentName = null,
    string? AgentIp = null,
    string? Hostname = null)
{
    /// <summary>Told when the sink has written the event (or failed to); null for most events.</summary>
    public IEventReceipt? Receipt { get; init; }
}
