using OssecSharp.Core.Keys;
using OssecSharp.ManageAgents.Store;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// <c>-f file</c> / <c>-f -</c> (k_bulkload): one <c>IP,NAME</c> per line, each added with the default id.
/// Every add goes through the store's lock, so a concurrent manage_agents or authd never loses an entry.
/// </summary>
internal sealed class BulkLoader
{
    /// <summary>fgets(line, FILE_SIZE - 1): at most 255 characters a read.</summary>
    private const int MaxLineChars = 255;

    private readonly ToolSession _s;

    public BulkLoader(ToolSession session)
    {
        _s = session;
    }

    public void Run(TextReader source)
    {
        while (source.ReadLine() is { } raw)
        {
            var line = raw.Length > MaxLineChars ? raw[..MaxLineChars] : raw;
            var trimmed = line.Trim();
            if (trimmed.Length <= 1)
            {
                continue;
            }

            // strtok(line, ","): empty fields between commas are skipped, like OSSEC.
            var tokens = trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var ip = tokens.Length > 0 ? tokens[0].Trim() : string.Empty;
            var name = tokens.Length > 1 ? tokens[1].Trim() : string.Empty;
            AddOne(ip, name);
        }
    }

    private void AddOne(string ip, string name)
    {
        if (!AgentNameRules.IsValidName(name))
        {
            _s.Write(MenuText.InvalidName(name));
            return;
        }

        if (_s.Store.Read().NameExists(name))
        {
            _s.Write(MenuText.NameExists(name));
            return;
        }

        if (!AgentNameRules.IsValidIpField(ip))
        {
            _s.Write(MenuText.InvalidIp(ip));
            return;
        }

        // The id shown is decided under the lock; print the summary once it is known.
        var outcome = _s.Store.Add(null, name, ip, checkDuplicateIp: false, out var id);
        if (outcome == AddOutcome.NameExists)
        {
            _s.Write(MenuText.NameExists(name));
            return;
        }

        _s.Write(MenuText.AgentInfo(id, name, ip));
        _s.Write(MenuText.AgentAdded(id));
        _s.RestartNecessary = true;
    }
}
