namespace OssecSharp.ManageAgents.Input;

/// <summary>
/// Ends the tool with an exit code where OSSEC calls <c>exit()</c> deep inside a dialog (end of input, a JSON
/// error). Caught once, in <see cref="ManageAgentsTool"/>.
/// </summary>
internal sealed class ToolExitException : Exception
{
    public ToolExitException(int exitCode)
        : base($"manage_agents exits with {exitCode}")
    {
        ExitCode = exitCode;
    }

    public ToolExitException()
        : this(1)
    {
    }

    public ToolExitException(string message)
        : base(message)
    {
        ExitCode = 1;
    }

    public ToolExitException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = 1;
    }

    public int ExitCode { get; }
}
