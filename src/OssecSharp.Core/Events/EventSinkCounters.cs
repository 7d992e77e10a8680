namespace OssecSharp.Core.Events;

/// <summary>A snapshot of <see cref="EventSink"/>'s counters (for state files and tests).</summary>
/// <param name="Received">Events accepted by <see cref="EventSink.TryEnqueue(ArchiveEvent)"/>.</param>
/// <param name="Written">Events handled by the writer (archived and/or forwarded).</param>
/// <param name="Discarded">Events refused because the queue was full or the sink stopped.</param>
/// <param name="Forwarded">Events delivered to the analysis socket.</param>
/// <param name="AnalysisFailures">Events not delivered to the analysis socket (absent, refused or busy).</param>
/// <param name="ArchiveFailures">Archive writes that failed (disk full, permissions).</param>
public sealed record EventSinkCounters(long Received, long Written, long Discarded, long Forwarded, long AnalysisFailures, long ArchiveFailures)
{
    /// <summary>The counters as state-file keys.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToStateValues()
    {
        yield return new("events_received", Received.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("events_written", Written.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("events_discarded", Discarded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("events_forwarded", Forwarded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("analysis_failures", AnalysisFailures.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("archive_failures", ArchiveFailures.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
