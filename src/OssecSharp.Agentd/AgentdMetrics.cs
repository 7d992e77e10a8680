using OssecSharp.Agentd.Buffer;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Metrics;

namespace OssecSharp.Agentd;

/// <summary>agentd's state-file figures under Prometheus names, for <c>var/run/ossec-agentd.prom</c>.</summary>
internal static class AgentdMetrics
{
    public static IEnumerable<PromMetric> Collect(ManagerSession session, ClientBuffer buffer)
    {
        yield return PromMetric.Gauge("ossec_agentd_connected", "1 while the manager acknowledges this agent.",
            session.State == SessionState.Connected ? 1 : 0);
        yield return PromMetric.Counter("ossec_agentd_messages_sent_total", "Events sent to the manager.", session.EventsSent);
        yield return PromMetric.Gauge("ossec_agentd_buffered_messages", "Events waiting to be sent.", buffer.Count + session.RetryCount);
        yield return PromMetric.Counter("ossec_agentd_dropped_total", "Events dropped because the buffer was full.", buffer.Dropped);
        yield return PromMetric.Gauge("ossec_agentd_last_keepalive_timestamp_seconds", "When the last keepalive was sent (0: never).",
            session.LastKeepalive?.ToUnixTimeSeconds() ?? 0);
        yield return PromMetric.Gauge("ossec_agentd_last_ack_timestamp_seconds", "When the manager last acknowledged (0: never).",
            session.LastAck?.ToUnixTimeSeconds() ?? 0);
    }
}
