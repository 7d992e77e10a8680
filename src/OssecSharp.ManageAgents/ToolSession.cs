using OssecSharp.Core.Layout;
using OssecSharp.ManageAgents.Input;
using OssecSharp.ManageAgents.Store;

namespace OssecSharp.ManageAgents;

/// <summary>What one run of manage_agents works with: its streams, answers, store and mode.</summary>
internal sealed class ToolSession
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required UserInput Input { get; init; }

    public required ScriptedAnswers Answers { get; init; }

    public required IAgentKeyStore Store { get; init; }

    public required AgentStateFiles StateFiles { get; init; }

    public required OssecPaths Paths { get; init; }

    public required ToolLog Log { get; init; }

    public required TimeProvider Time { get; init; }

    public required bool AgentBuild { get; init; }

    public bool Json { get; set; }

    /// <summary>Set once anything was added, removed or imported.</summary>
    public bool RestartNecessary { get; set; }

    /// <summary>
    /// Whether the exit text asks for a restart. OSSEC asks after every change, but on a manager remoted reloads
    /// client.keys by itself (ours, and OSSEC's by the file's mtime), so the advice is only true on an agent, whose
    /// ossec-agentd reads its key once at start (a deliberate deviation from OSSEC's text).
    /// </summary>
    public bool AdviseRestart => RestartNecessary && AgentBuild;

    /// <summary>A copy of this session writing to <paramref name="output"/> and changing <paramref name="store"/>.</summary>
    public ToolSession With(TextWriter output, UserInput input, IAgentKeyStore store) => new()
    {
        Out = output,
        Error = Error,
        Input = input,
        Answers = Answers,
        Store = store,
        StateFiles = StateFiles,
        Paths = Paths,
        Log = Log,
        Time = Time,
        AgentBuild = AgentBuild,
        Json = Json,
        RestartNecessary = RestartNecessary,
    };

    public void Write(string text)
    {
        Out.Write(text);
        Out.Flush();
    }

    /// <summary>Reads a scripted answer, or a line from the user when there is none.</summary>
    public string Ask(string? scripted) => scripted ?? Input.ReadLine();

    /// <summary>Prints a JSON error and ends the run with 1, as OSSEC's -j paths do.</summary>
    public ToolExitException JsonFailure(int code, string description)
    {
        Write(Text.JsonText.Error(code, description));
        return new ToolExitException(1);
    }
}
