using System.Text;
using OssecSharp.Core.Events;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Pipeline;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Event output for in-process tests: keeps every event in the analysisd queue format.</summary>
internal sealed class CollectingEventOutput : IEventSinkOutput
{
    private readonly List<string> _events = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Events
    {
        get { lock (_gate) { return [.. _events]; } }
    }

    public long Queued => Events.Count;

    public long Written => Events.Count;

    public long Discarded => 0;

    public long ArchiveFailures => 0;

    public bool Publish(AgentSession agent, ReadOnlySpan<byte> payload, IEventReceipt? receipt = null)
    {
        var buffer = new byte[payload.Length + 300];
        QueueMessage.TryFormatForwarded(payload, agent.Name, agent.IpString, buffer, out var written, nulTerminated: false)
            .Should().BeTrue();
        Add(Encoding.UTF8.GetString(buffer, 0, written));
        receipt?.Completed(written: true);
        return true;
    }

    public bool PublishLocal(string location, string text)
    {
        Add("1:" + location + ":" + text);
        return true;
    }

    public bool PublishSyslog(string sourceIp, string text)
    {
        Add("2:" + sourceIp + ":" + text);
        return true;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Add(string line)
    {
        lock (_gate)
        {
            _events.Add(line);
        }
    }
}
