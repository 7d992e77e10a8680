using System.Globalization;
using OssecSharp.Core.Keys;
using OssecSharp.ManageAgents.Input;
using OssecSharp.ManageAgents.Store;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// The (A)dd dialog and <c>-a/-n</c> (add_agent in manage_agents.c): name, ip, id, summary, confirmation.
/// Unlike OSSEC, a duplicate ip given on the command line ends the run with 1 instead of looping forever.
/// </summary>
internal sealed class AddAgentDialog
{
    private readonly ToolSession _s;

    public AddAgentDialog(ToolSession session)
    {
        _s = session;
    }

    public void Run()
    {
        if (!_s.Json)
        {
            _s.Write(MenuText.AddNew);
        }

        var name = AskName();
        if (name is null)
        {
            return;
        }

        var ip = AskIp();
        if (ip is null)
        {
            return;
        }

        var id = AskId(out var isDefault);
        if (id is null)
        {
            return;
        }

        if (!_s.Json)
        {
            _s.Write(MenuText.AgentInfo(id, name, ip));
            _s.Write(MenuText.AddConfirm);
        }

        var answer = _s.Ask(_s.Answers.Confirmed);
        if (answer.Length == 0 || answer[0] is not ('y' or 'Y'))
        {
            _s.Write(MenuText.AddNot);
            return;
        }

        Commit(name, ip, id, isDefault);
    }

    private void Commit(string name, string ip, string id, bool isDefault)
    {
        // The default id is allocated again under the store's lock: another process may have taken it meanwhile.
        var outcome = _s.Store.Add(isDefault ? null : id, name, ip, checkDuplicateIp: true, out var addedId);
        switch (outcome)
        {
            case AddOutcome.NameExists:
                if (_s.Json)
                {
                    throw _s.JsonFailure(76, "Invalid name for agent");
                }

                _s.Write(MenuText.NameExists(name));
                return;
            case AddOutcome.IpExists:
                if (_s.Json)
                {
                    throw _s.JsonFailure(79, "Duplicated IP for agent");
                }

                _s.Write(MenuText.DuplicatedIp(ip));
                return;
            case AddOutcome.IdExists:
                if (_s.Json)
                {
                    throw _s.JsonFailure(71, $"ID '{addedId}' already present");
                }

                _s.Write(MenuText.IdExists(addedId));
                return;
        }

        _s.Write(_s.Json ? JsonText.Response($"Agent added with ID {addedId}") : MenuText.AgentAdded(addedId));
        _s.RestartNecessary = true;
    }

    private string? AskName()
    {
        while (true)
        {
            if (!_s.Json)
            {
                _s.Write(MenuText.AddName);
            }

            var view = _s.Store.Read();
            var name = _s.Answers.AgentName;
            if (name is null || view.NameExists(name) || !AgentNameRules.IsValidName(name))
            {
                if (_s.Json)
                {
                    throw _s.JsonFailure(76, "Invalid name for agent");
                }

                name = _s.Input.ReadLine();
            }

            if (name == MenuText.Quit)
            {
                return null;
            }

            var valid = AgentNameRules.IsValidName(name);
            if (!valid)
            {
                _s.Write(MenuText.InvalidName(name));
            }

            var exists = view.NameExists(name);
            if (exists)
            {
                _s.Write(MenuText.NameExists(name));
            }

            if (valid && !exists)
            {
                return name;
            }
        }
    }

    private string? AskIp()
    {
        while (true)
        {
            if (!_s.Json)
            {
                _s.Write(MenuText.AddIp);
            }

            var ip = _s.Answers.AgentIp;
            var scripted = ip is not null && AgentNameRules.IsValidIpField(ip);
            if (!scripted)
            {
                if (_s.Json)
                {
                    throw _s.JsonFailure(77, "Invalid IP for agent");
                }

                ip = _s.Input.ReadLine();
            }

            if (ip == MenuText.Quit)
            {
                return null;
            }

            if (!AgentNameRules.IsValidIpField(ip!))
            {
                _s.Write(MenuText.InvalidIp(ip!));
                continue;
            }

            var duplicate = _s.Store.Read().FindDuplicateIp(ip!);
            if (duplicate is null || TryForceRemove(duplicate))
            {
                return ip;
            }

            DuplicateIpNotifier.TryNotify(_s.Paths.OssecQueueSocket, ip!);
            if (_s.Json)
            {
                throw _s.JsonFailure(79, "Duplicated IP for agent");
            }

            _s.Write(MenuText.DuplicatedIp(ip!));
            if (scripted)
            {
                // OSSEC re-reads the same environment value forever here; a script gets an answer instead.
                throw new ToolExitException(1);
            }
        }
    }

    /// <summary><c>-F sec</c>: removes the agent holding the ip when it has been silent that long (or never connected).</summary>
    private bool TryForceRemove(AgentLine holder)
    {
        var setting = _s.Answers.RemoveDuplicated;
        if (setting is null)
        {
            return false;
        }

        var force = ParseLeadingInteger(setting);
        var now = _s.Time.GetUtcNow();
        var antiquity = _s.StateFiles.Antiquity(holder.Name, holder.IpString, now);
        if (!(antiquity >= force || antiquity < 0))
        {
            return false;
        }

        _s.StateFiles.Backup(holder.Name, holder.IpString, now);
        if (_s.Store.Remove(holder.Id) is { } removed)
        {
            _s.StateFiles.Delete(removed.Id, removed.Name, removed.IpString);
        }

        return true;
    }

    private string? AskId(out bool isDefault)
    {
        while (true)
        {
            var view = _s.Store.Read();
            var defaultId = view.DefaultId();
            if (!_s.Json)
            {
                _s.Write(MenuText.AddId(defaultId));
            }

            var answer = _s.Answers.AgentId;
            if (answer is null || view.IdExists(answer) || !AgentNameRules.IsValidId(answer))
            {
                answer = _s.Input.ReadLine();
            }

            if (answer == MenuText.Quit)
            {
                isDefault = false;
                return null;
            }

            isDefault = answer.Length == 0 || answer == "0";
            var id = isDefault ? defaultId : answer;
            var valid = AgentNameRules.IsValidId(id);
            if (valid)
            {
                id = IdFormat.Format(id);
            }
            else
            {
                _s.Write(MenuText.InvalidId(id));
            }

            var exists = view.IdExists(id);
            if (exists)
            {
                _s.Write(MenuText.IdExists(id));
            }

            if (valid && !exists)
            {
                return id;
            }
        }
    }

    /// <summary>strtol(value, NULL, 10): the leading integer, 0 when there is none.</summary>
    private static long ParseLeadingInteger(string value)
    {
        var span = value.AsSpan().TrimStart();
        var end = 0;
        if (end < span.Length && span[end] is '+' or '-')
        {
            end++;
        }

        while (end < span.Length && char.IsAsciiDigit(span[end]))
        {
            end++;
        }

        return long.TryParse(span[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
