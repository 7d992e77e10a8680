using OssecSharp.Core.Metrics;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Pipeline;

namespace OssecSharp.Remoted.Diagnostics;

/// <summary>
/// remoted's counters under Prometheus names, for <c>var/run/ossec-remoted.prom</c>: the same figures as the state
/// file, with the per-reason ones as labels and the agents counted by status (agent_control's three).
/// </summary>
internal static class RemotedMetrics
{
    public static IEnumerable<PromMetric> Collect(
        RemotedStats stats, ReceivePipeline pipeline, AgentDirectory agents, IEventStats events, TimeSpan activeWindow)
    {
        yield return PromMetric.Counter("ossec_remoted_messages_received_total", "Datagrams and TCP frames received.", stats.Received);
        yield return PromMetric.Counter("ossec_remoted_received_bytes_total", "Bytes received from agents.", stats.ReceivedBytes);
        yield return PromMetric.Counter("ossec_remoted_messages_decrypted_total", "Messages decrypted and accepted.", stats.Decrypted);
        yield return PromMetric.Counter("ossec_remoted_events_total", "Agent events handed to the event sink.", stats.Events);
        yield return PromMetric.Counter("ossec_remoted_control_messages_total", "Control messages (keepalives, start-up).", stats.ControlMessages);
        yield return new PromMetric("ossec_remoted_rejected_total", "counter", "Messages rejected, by reason.",
            [.. Enum.GetValues<RejectReason>().Select(r => PromSample.Of("reason", StateReporter.ReasonKey(r), stats.Rejected(r)))]);
        yield return new PromMetric("ossec_remoted_discarded_total", "counter", "Messages or events discarded because a queue was full.",
        [
            PromSample.Of("reason", "receive_queue", stats.IngressDropped),
            PromSample.Of("reason", "event_sink", events.Discarded),
        ]);
        yield return PromMetric.Gauge("ossec_remoted_receive_queue_messages", "Messages waiting for a decrypt worker.", pipeline.Pending);
        yield return PromMetric.Counter("ossec_remoted_events_queued_total", "Events accepted by the event sink.", events.Queued);
        yield return PromMetric.Counter("ossec_remoted_events_written_total", "Events written to the archives or analysis queue.", events.Written);
        yield return PromMetric.Counter("ossec_remoted_replies_sent_total", "Messages sent to agents.", stats.RepliesSent);
        yield return PromMetric.Counter("ossec_remoted_reply_failures_total", "Messages to agents that could not be sent.", stats.ReplyFailures);
        yield return PromMetric.Counter("ossec_remoted_files_pushed_total", "Shared files pushed to agents.", stats.FilesPushed);
        yield return PromMetric.Counter("ossec_remoted_active_responses_total", "Active responses forwarded to agents.", stats.ArForwarded);
        yield return PromMetric.Counter("ossec_remoted_counter_resyncs_total", "Agent counters resynchronised.", stats.CounterResyncs);
        yield return PromMetric.Counter("ossec_remoted_tcp_connections_total", "TCP connections accepted.", stats.TcpConnections);
        yield return PromMetric.Counter("ossec_remoted_tcp_framing_errors_total", "TCP connections closed for bad framing.", stats.TcpFramingErrors);
        var (active, disconnected, never) = CountAgents(agents, activeWindow);
        yield return new PromMetric("ossec_remoted_agents", "gauge", "Registered agents by status (as agent_control -l).",
        [
            PromSample.Of("status", "active", active),
            PromSample.Of("status", "disconnected", disconnected),
            PromSample.Of("status", "never_connected", never),
        ]);
    }

    private static (int Active, int Disconnected, int Never) CountAgents(AgentDirectory agents, TimeSpan activeWindow)
    {
        var now = Environment.TickCount64;
        var active = 0;
        var disconnected = 0;
        foreach (var session in agents.Sessions)
        {
            var last = session.LastControlTicks;
            if (last > 1 && now - last <= activeWindow.TotalMilliseconds)
            {
                active++;
            }
            else if (last != 0)
            {
                disconnected++;
            }
        }

        return (active, disconnected, Math.Max(0, agents.Table.Count - active - disconnected));
    }
}
