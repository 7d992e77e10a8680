using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// The (R)emove dialog and <c>-r id</c> (remove_agent): list, id, confirmation, then the entry is marked removed
/// (with no key material left) and the agent's agent-info, syscheck, rootcheck and rids files are deleted.
/// </summary>
internal sealed class RemoveAgentDialog
{
    private readonly ToolSession _s;

    public RemoveAgentDialog(ToolSession session)
    {
        _s = session;
    }

    public void Run()
    {
        if (!_s.Json && !AgentLister.Print(_s))
        {
            _s.Write(MenuText.NoAgent);
            return;
        }

        var id = AskId();
        if (id is null)
        {
            return;
        }

        if (!_s.Json)
        {
            _s.Write(MenuText.RemoveConfirm);
        }

        var answer = AskEchoed(_s.Answers.Confirmed);
        if (answer.Length == 0 || answer[0] is not ('y' or 'Y'))
        {
            _s.Write(MenuText.RemoveNot);
            return;
        }

        var removed = _s.Store.Remove(id);
        if (removed is null)
        {
            // Another process removed it between the question and the answer.
            if (_s.Json)
            {
                throw _s.JsonFailure(78, $"Invalid ID '{id}' given. ID is not present");
            }

            _s.Write(MenuText.NoId(id));
            return;
        }

        _s.StateFiles.Delete(removed.Id, removed.Name, removed.IpString);
        _s.Write(_s.Json ? JsonText.Response("Agent removed") : MenuText.Removed(id));
        _s.RestartNecessary = true;
    }

    private string? AskId()
    {
        while (true)
        {
            if (!_s.Json)
            {
                _s.Write(MenuText.RemoveId);
            }

            var answer = AskEchoed(_s.Answers.AgentId);
            if (answer == MenuText.Quit)
            {
                return null;
            }

            var id = IdFormat.Format(answer);
            if (_s.Store.Read().FindLive(id) is not null)
            {
                return id;
            }

            if (_s.Json)
            {
                throw _s.JsonFailure(78, $"Invalid ID '{id}' given. ID is not present");
            }

            _s.Write(MenuText.NoId(id));
            if (_s.Answers.AgentId is not null)
            {
                return null;
            }
        }
    }

    /// <summary>A scripted answer is echoed after the prompt (OSSEC prints it so logs read like a session).</summary>
    private string AskEchoed(string? scripted)
    {
        if (scripted is null)
        {
            return _s.Input.ReadLine();
        }

        if (!_s.Json)
        {
            _s.Write(scripted + "\n");
        }

        return scripted;
    }
}
