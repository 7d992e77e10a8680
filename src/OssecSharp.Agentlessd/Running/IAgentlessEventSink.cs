namespace OssecSharp.Agentlessd.Running;

/// <summary>Where agentless events go: the analysis queue and the archives, in the queue format <c>&lt;queue&gt;:&lt;location&gt;:&lt;message&gt;</c>.</summary>
internal interface IAgentlessEventSink
{
    /// <summary>Queues one event (never blocks on a missing reader).</summary>
    void Send(char queue, string location, string message);

    /// <summary>
    /// Waits until every event sent so far has been written; false when one of them (since the last flush) could
    /// not be written or was dropped, so the caller must not store state as if it had been reported.
    /// </summary>
    Task<bool> FlushAsync(CancellationToken cancellationToken);
}
