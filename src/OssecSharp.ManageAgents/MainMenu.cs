using OssecSharp.ManageAgents.Dialogs;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents;

/// <summary>
/// The "little shell" of manage_agents: banner, one answer, one action, until (Q)uit. With a scripted action
/// (<c>OSSEC_ACTION</c>, <c>-a</c>, <c>-r</c>) the loop runs once.
/// </summary>
internal sealed class MainMenu
{
    private readonly ToolSession _s;

    public MainMenu(ToolSession session)
    {
        _s = session;
    }

    /// <summary>Runs the menu; returns the exit code.</summary>
    public int Run()
    {
        while (true)
        {
            if (!_s.Json)
            {
                _s.Write(MenuText.Banner(_s.AgentBuild));
            }

            var scripted = _s.Answers.Action;
            var answer = scripted ?? _s.Input.ReadLine();
            var leave = scripted is not null;
            switch (answer.Length == 0 ? '\0' : answer[0])
            {
                case 'A' or 'a':
                    Dispatch(MenuText.AddOnlyOnMaster, agentOnly: false, () => new AddAgentDialog(_s).Run());
                    break;
                case 'E' or 'e':
                    Dispatch(MenuText.ExportOnlyOnMaster, agentOnly: false, () => new ExtractKeyDialog(_s).Run());
                    break;
                case 'I' or 'i':
                    Dispatch(MenuText.ImportOnlyOnAgent, agentOnly: true, () => new ImportKeyDialog(_s).Run(null));
                    break;
                case 'L' or 'l':
                    AgentLister.Run(_s, fromCommandLine: false);
                    break;
                case 'R' or 'r':
                    Dispatch(MenuText.RemoveOnlyOnMaster, agentOnly: false, () => new RemoveAgentDialog(_s).Run());
                    break;
                case 'Q' or 'q':
                    leave = true;
                    break;
                case 'V':
                    _s.Error.Write(MenuText.Version);
                    _s.Error.Flush();
                    return 0;
                default:
                    _s.Write(MenuText.InvalidAction);
                    break;
            }

            if (leave)
            {
                break;
            }
        }

        if (_s.Json)
        {
            _s.Write(MenuText.Exit);
        }
        else
        {
            // OSSEC prints the exit line twice on a normal quit.
            _s.Write(ExitText(_s.AdviseRestart) + MenuText.Exit);
        }

        return 0;
    }

    /// <summary>What manage_agents prints when it stops: the restart notice or a blank line, then the exit line.</summary>
    public static string ExitText(bool restartNecessary) => (restartNecessary ? MenuText.MustRestart : "\n") + MenuText.Exit;

    private void Dispatch(string wrongBuildText, bool agentOnly, Action action)
    {
        if (_s.AgentBuild != agentOnly)
        {
            _s.Write(wrongBuildText);
            return;
        }

        action();
    }
}
