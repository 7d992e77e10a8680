namespace OssecSharp.Remoted.Pipeline;

/// <summary>Figures of the event output for the state file.</summary>
internal interface IEventStats
{
    long Queued { get; }

    long Written { get; }

    long Discarded { get; }
}
