using OssecSharp.Core.Counters;
using OssecSharp.Core.Events;
using OssecSharp.Remoted.Agents;

namespace OssecSharp.Remoted.Receipts;

/// <summary>Links one tracked event in the sink to its agent's tracker, and wakes the confirmer when it is written.</summary>
internal sealed class EventReceipt : IEventReceipt
{
    private readonly AgentSession _agent;
    private readonly ReceiptTracker _tracker;
    private readonly MessageCounter _counter;
    private readonly ReceiptConfirmer _confirmer;

    public EventReceipt(AgentSession agent, ReceiptTracker tracker, MessageCounter counter, ReceiptConfirmer confirmer)
    {
        _agent = agent;
        _tracker = tracker;
        _counter = counter;
        _confirmer = confirmer;
    }

    public void Completed(bool written)
    {
        _tracker.Completed(_counter, written);
        _confirmer.Touch(_agent, _tracker);
    }
}
