namespace OssecSharp.Remoted.Pipeline;

/// <summary>Figures of the event output for the state file.</summary>
internal interface IEventStats
{
    long Queued { get; }

    long Written { get; }

    long Discarded { get; }

    /// <summary>Events whose archive write failed (disk full, permissions): logged, counted, reception goes on.</summary>
    long ArchiveFailures { get; }
}
