namespace OssecSharp.Core.Hosting;

/// <summary>What a command-line tool receives from <see cref="ToolHost"/>: its arguments, console writers, clock and cancellation.</summary>
public sealed class ToolContext
{
    internal ToolContext(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TimeProvider clock, CancellationToken cancellation)
    {
        Args = args;
        Stdout = stdout;
        Stderr = stderr;
        Clock = clock;
        Cancellation = cancellation;
    }

    /// <summary>The arguments, without the program name: each tool parses its own (OSSEC's grammars differ per tool).</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Standard output.</summary>
    public TextWriter Stdout { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Stderr { get; }

    /// <summary>The clock (the system's; tests give their own).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Cancelled by Ctrl-C (SIGINT) when <see cref="ToolSpec.CancelOnInterrupt"/> is set.</summary>
    public CancellationToken Cancellation { get; }
}
