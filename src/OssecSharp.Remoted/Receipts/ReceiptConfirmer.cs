using System.Collections.Concurrent;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;

namespace OssecSharp.Remoted.Receipts;

/// <summary>
/// Sends receipt confirmations and resend requests to the agents that use receipts, batched: every
/// <c>interval</c> (20 ms by default) one notice per agent whose state changed. The interval bounds the duplicates a
/// kill -9 of remoted can cause: events written but not yet confirmed are sent again by the agent.
/// </summary>
internal sealed class ReceiptConfirmer
{
    private readonly ConcurrentQueue<(AgentSession Agent, ReceiptTracker Tracker)> _due = new();
    private readonly ReplySender _replies;
    private readonly RemotedStats _stats;
    private readonly TimeSpan _interval;

    public ReceiptConfirmer(ReplySender replies, RemotedStats stats, TimeSpan interval)
    {
        _replies = replies;
        _stats = stats;
        _interval = interval;
    }

    /// <summary>Something changed for this agent: look at it at the next tick.</summary>
    public void Touch(AgentSession agent, ReceiptTracker tracker)
    {
        if (tracker.MarkDue())
        {
            _due.Enqueue((agent, tracker));
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
    }

    /// <summary>Sends what is due now.</summary>
    public void Flush()
    {
        var now = Environment.TickCount64;
        List<(AgentSession, ReceiptTracker)>? again = null;
        for (var n = _due.Count; n > 0 && _due.TryDequeue(out var item); n--)
        {
            var notice = item.Tracker.TakeNotice(now, out var stillDue);
            if (stillDue)
            {
                (again ??= []).Add(item);
            }

            if (notice is not { } value)
            {
                continue;
            }

            var payload = value.Resend
                ? LinkExtension.FormatResend(value.Through, value.Sync)
                : LinkExtension.FormatConfirm(value.Through);
            if (_replies.Send(item.Agent, payload))
            {
                _stats.OnReceiptNotice(value.Resend);
            }
        }

        foreach (var (agent, tracker) in again ?? [])
        {
            Touch(agent, tracker);
        }
    }
}
