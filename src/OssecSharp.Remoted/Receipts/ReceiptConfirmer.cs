using System.Collections.Concurrent;
using System.Threading.Channels;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;

namespace OssecSharp.Remoted.Receipts;

/// <summary>
/// Sends receipt confirmations and resend requests to the agents that use receipts: woken as soon as something
/// changed (an event written, a gap), then at most once per <c>interval</c> (10 ms by default), one notice per agent
/// whose state moved. The delay between a write and its confirmation bounds the duplicates a kill -9 of remoted can
/// cause (events written but not yet confirmed are sent again by the agent); the interval bounds the notices an
/// agent gets (at most one per interval, and never more than it sent events).
/// </summary>
internal sealed class ReceiptConfirmer
{
    private readonly ConcurrentQueue<(AgentSession Agent, ReceiptTracker Tracker)> _due = new();
    private readonly ReplySender _replies;
    private readonly RemotedStats _stats;
    private readonly TimeSpan _interval;

    // A one-slot doorbell rung by Touch; the loop sleeps on it when nothing is due.
    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

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
            _bell.Writer.TryWrite(true);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _bell.Reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Flush();
                await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
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
                ? ControlMessage.FormatResend(value.Through, value.Sync)
                : ControlMessage.FormatConfirm(value.Through);
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
