using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// The (E)xtract dialog and <c>-e id</c> (k_extract): the base64 of the agent's client.keys line, which the agent
/// side imports. Removed entries are not exported (OSSEC would export the marked line).
/// </summary>
internal sealed class ExtractKeyDialog
{
    private readonly ToolSession _s;

    public ExtractKeyDialog(ToolSession session)
    {
        _s = session;
    }

    /// <summary><c>-e id</c>: exit code 0, or 1 for an unknown id.</summary>
    public int RunCommand(string argument)
    {
        var id = IdFormat.Format(argument);
        var line = _s.Store.FindRawLine(id);
        if (line is null)
        {
            _s.Write(_s.Json ? JsonText.Error(70, $"Invalid ID '{id}' given. ID is not present") : MenuText.NoId(id));
            return 1;
        }

        var encoded = KeyLineCodec.Encode(line);
        _s.Write(_s.Json ? JsonText.Response(encoded) : MenuText.ExtractMessage(id, encoded));
        return 0;
    }

    /// <summary>The interactive (E) action.</summary>
    public void Run()
    {
        if (!AgentLister.Print(_s))
        {
            _s.Write(MenuText.NoAgent);
            _s.Write(MenuText.PressEnter);
            _s.Input.ReadLine();
            return;
        }

        string line;
        string id;
        while (true)
        {
            _s.Write(MenuText.ExtractKey);
            var answer = _s.Input.ReadLine();
            if (answer == MenuText.Quit)
            {
                return;
            }

            id = IdFormat.Format(answer);
            var found = _s.Store.FindRawLine(id);
            if (found is not null)
            {
                line = found;
                break;
            }

            _s.Write(MenuText.NoId(id));
        }

        _s.Write(MenuText.ExtractMessage(id, KeyLineCodec.Encode(line)));
        _s.Write("\n" + MenuText.PressEnter);
        _s.Input.ReadLine();
    }
}
