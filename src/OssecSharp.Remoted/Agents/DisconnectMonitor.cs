using OssecSharp.Core.Agents;
using OssecSharp.Remoted.Pipeline;
using Serilog;

namespace OssecSharp.Remoted.Agents;

/// <summary>
/// Reports agents that stopped sending keepalives (OSSEC does this in ossec-monitord's monitor_agents): after the
/// window (3 × <c>monitord.notify_time</c> + 30 s, 1830 s by default, or <c>remoted.agent_disconnect_time</c>) it logs
/// <c>Agent disconnected: '&lt;name&gt;-&lt;ip&gt;'.</c> and emits monitord's event <c>ossec: Agent disconnected: '&lt;name&gt;-&lt;ip&gt;'.</c>
/// once, from monitord's location <c>&lt;name&gt;-&lt;ip&gt;-&gt;ossec-monitord</c>; the agent-info mtime is moved back past
/// the Active window so agent_control agrees. When the agent is heard again without restarting (a restarted agent
/// sends its own line), it emits the line OSSEC's rule 503 matches, <c>ossec: Agent started: '&lt;name&gt;-&gt;&lt;ip&gt;'.</c>,
/// once, and the report is re-armed.
/// </summary>
internal sealed class DisconnectMonitor
{
    private readonly AgentDirectory _agents;
    private readonly AgentInfoWriter _agentInfo;
    private readonly IEventOutput _events;
    private readonly TimeSpan _timeout;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public DisconnectMonitor(AgentDirectory agents, AgentInfoWriter agentInfo, IEventOutput events, TimeSpan timeout, ILogger log, TimeProvider time)
    {
        _agents = agents;
        _agentInfo = agentInfo;
        _events = events;
        _timeout = timeout;
        _log = log;
        _time = time;
    }

    /// <summary>How often to check: a quarter of the timeout, between 1 s and 60 s.</summary>
    public TimeSpan Period => TimeSpan.FromSeconds(Math.Clamp(_timeout.TotalSeconds / 4, 1, 60));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                CheckNow();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reports every newly disconnected agent; returns how many.</summary>
    public int CheckNow()
    {
        var now = Environment.TickCount64;
        var reported = 0;
        foreach (var session in _agents.Sessions)
        {
            lock (session.Gate)
            {
                if (session.LastControlTicks == 0 || session.DisconnectReported
                    || now - session.LastControlTicks <= _timeout.TotalMilliseconds)
                {
                    continue;
                }

                session.DisconnectReported = true;
                session.LastKeepalive = null;
            }

            var who = AgentInfo.FileName(session.Name, session.IpString);
            _log.Information("Agent disconnected: '{Agent}'.", who);
            _events.PublishLocal(Location(session), "ossec: Agent disconnected: '" + who + "'.");
            BackdateAgentInfo(session);
            reported++;
        }

        return reported;
    }

    /// <summary>An agent reported disconnected was heard again (a keepalive, not a restart): one reconnection line.</summary>
    public void Returned(AgentSession session)
    {
        _log.Information("Agent reconnected: '{Agent}'.", session.Name + "-" + session.IpString);
        _events.PublishLocal(Location(session), "ossec: Agent started: '" + session.Name + "->" + session.IpString + "'.");
    }

    // monitor_agents.c sends from "<agent>->ossec-monitord"; rules and decoders see the same location here.
    private static string Location(AgentSession session) => AgentInfo.FileName(session.Name, session.IpString) + "->ossec-monitord";

    private void BackdateAgentInfo(AgentSession session)
    {
        var path = _agentInfo.PathFor(session.Name, session.IpString);
        try
        {
            if (File.Exists(path))
            {
                File.SetLastWriteTimeUtc(path, AgentInfo.DisconnectedMtime(_time.GetUtcNow()));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Debug("Unable to update '{Path}': {Message}", path, e.Message);
        }
    }
}
