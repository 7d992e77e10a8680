using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// The agent's (I)mport dialog and <c>-i key</c> (k_import): decode the pasted key, show it, confirm, then replace
/// client.keys with that one line. The counters kept for the manager (<c>queue/rids/&lt;id&gt;</c> of the old and
/// new id) are reset; the agent's own sender counter is kept, since the manager may still hold a higher one.
/// </summary>
internal sealed class ImportKeyDialog
{
    /// <summary>k_import keeps the decoded line only when it is shorter than FILE_SIZE (257).</summary>
    private const int MaxLineChars = 257;

    private readonly ToolSession _s;

    public ImportKeyDialog(ToolSession session)
    {
        _s = session;
    }

    /// <summary>Runs the import; <paramref name="commandLineKey"/> is the <c>-i</c> value (no paste text then).</summary>
    public void Run(string? commandLineKey)
    {
        string pasted;
        if (commandLineKey is not null)
        {
            pasted = commandLineKey;
        }
        else
        {
            _s.Write(MenuText.ImportKey);
            pasted = _s.Ask(_s.Answers.AgentKey);
        }

        if (pasted == MenuText.Quit)
        {
            return;
        }

        var decoded = KeyLineCodec.Decode(pasted);
        var nul = decoded?.IndexOf('\0', StringComparison.Ordinal) ?? -1;
        if (nul >= 0)
        {
            decoded = decoded![..nul];
        }

        // A key holds one client.keys line. A trailing newline (a key made with `echo … | base64`) only gave OSSEC an
        // empty line after it; a newline inside would write a second, unchecked line (fuzzing found the store refusing
        // it with an unhandled exception): an invalid key.
        decoded = decoded?.TrimEnd('\n');
        var fields = decoded?.Split(' ', 4);
        if (decoded is null || fields!.Length < 3 || decoded.Length >= MaxLineChars || decoded.Contains('\n', StringComparison.Ordinal))
        {
            InvalidKey(pressEnter: true);
            return;
        }

        if (fields.Length < 4)
        {
            // OSSEC's quirk: a line with only two spaces gets the message without the ENTER pause.
            InvalidKey(pressEnter: false);
            return;
        }

        _s.Write("\n" + MenuText.AgentInfo(fields[0], fields[1], fields[2]));
        _s.Write(MenuText.AddConfirm);
        var answer = _s.Ask(_s.Answers.Confirmed);
        if (answer.Length == 0 || answer[0] is not ('y' or 'Y'))
        {
            _s.Write(MenuText.AddNot);
            return;
        }

        var previous = _s.Store.Read().Live.FirstOrDefault();
        _s.Store.ReplaceAll(decoded);
        ResetManagerCounter(fields[0]);
        if (previous is not null)
        {
            ResetManagerCounter(previous.Id);
        }

        _s.Write(MenuText.Added);
        _s.Write(MenuText.PressEnter);
        _s.RestartNecessary = true;
        _s.Input.ReadLine();
    }

    private void ResetManagerCounter(string id)
    {
        if (id.Length == 0 || id.Contains('/', StringComparison.Ordinal) || id.Contains("..", StringComparison.Ordinal))
        {
            return;
        }

        File.Delete(_s.Paths.RidsFile(id));
    }

    private void InvalidKey(bool pressEnter)
    {
        _s.Write(MenuText.NoKey);
        if (pressEnter)
        {
            _s.Write(MenuText.PressEnter);
            _s.Input.ReadLine();
        }
    }
}
