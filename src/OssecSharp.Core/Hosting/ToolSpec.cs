namespace OssecSharp.Core.Hosting;

/// <summary>What one command-line tool tells <see cref="ToolHost"/>: its name, its run, and its one-line errors.</summary>
public sealed class ToolSpec
{
    /// <summary>The OSSEC binary name, e.g. <c>agent_control</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Parses the arguments, does the work and returns the exit code (OSSEC's, including 0 for <c>-h</c>).</summary>
    public required Func<ToolContext, Task<int>> RunAsync { get; init; }

    /// <summary>
    /// The one line printed on stderr for an expected failure (an unreadable file, an I/O error), in the tool's own
    /// format; the tool then exits 1. Null for an exception that is a defect: it propagates.
    /// Default: <c>name: ERROR: reason</c> for file access errors.
    /// </summary>
    public Func<Exception, ToolContext, string?>? ErrorLine { get; init; }

    /// <summary>
    /// True for a tool that watches <see cref="ToolContext.Cancellation"/> (ossec-control): Ctrl-C cancels it and the
    /// tool exits <see cref="InterruptedExitCode"/>. False (default): Ctrl-C does what it does without a host (it ends
    /// agent_control; manage_agents answers it with OSSEC's exit text).
    /// </summary>
    public bool CancelOnInterrupt { get; init; }

    /// <summary>Exit code after Ctrl-C.</summary>
    public int InterruptedExitCode { get; init; } = 1;
}
