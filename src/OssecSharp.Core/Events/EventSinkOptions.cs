namespace OssecSharp.Core.Events;

/// <summary>Where and how <see cref="EventSink"/> writes.</summary>
public sealed class EventSinkOptions
{
    /// <summary>Events held between producers and the writer; beyond it events are discarded and counted.</summary>
    public int Capacity { get; init; } = 16384;

    /// <summary><c>logs/archives/archives.log</c>, or null to not write it.</summary>
    public string? ArchivesLog { get; init; }

    /// <summary><c>logs/archives/archives.json</c>, or null to not write it.</summary>
    public string? ArchivesJson { get; init; }

    /// <summary>The analysis queue socket <c>queue/ossec/queue</c>, or null to not forward.</summary>
    public string? AnalysisSocket { get; init; }

    /// <summary>The manager's host name (archives <c>host-&gt;location</c>, JSON <c>manager.name</c>).</summary>
    public string Hostname { get; init; } = Environment.MachineName;

    /// <summary>Delay between attempts to reach an absent analysis socket.</summary>
    public TimeSpan ConnectRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest interval between two "events discarded" log lines.</summary>
    public TimeSpan DropReportInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often archive files are reopened by path (follows rotation by rename).</summary>
    public TimeSpan ReopenInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Write each day straight into <c>logs/archives/&lt;YYYY&gt;/&lt;Mon&gt;/ossec-archive-&lt;DD&gt;.log</c> (and <c>.json</c>)
    /// with the fixed names as hard links to today's files, as OSSEC's analysisd does. Off where a real analysisd owns
    /// the days: the fixed names are then appended to and reopened every <see cref="ReopenInterval"/>.
    /// </summary>
    public bool DailyFiles { get; init; }

    /// <summary>The clock that decides the day (tests move it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Test hook: a pause before each batch, to make the writer slow.</summary>
    internal TimeSpan WriterDelay { get; init; } = TimeSpan.Zero;
}
