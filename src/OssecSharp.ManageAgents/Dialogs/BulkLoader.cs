using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>
/// <c>-f file</c> / <c>-f -</c> (k_bulkload): one <c>IP,NAME</c> per line, each added with the default id and
/// reported in line order. The whole batch is one transaction of the key store (one lock, one append), so it
/// costs one write however many lines it has, a concurrent manage_agents or authd never loses an entry, and
/// nothing is reported as added before it is on disk.
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
        // Read everything first: the lock must not be held while a pipe is slow to deliver.
        var requests = new List<(string Ip, string Name)>();
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
            requests.Add((tokens.Length > 0 ? tokens[0].Trim() : string.Empty, tokens.Length > 1 ? tokens[1].Trim() : string.Empty));
        }

        var report = new StringBuilder();
        var added = _s.Store.Update(tx =>
        {
            report.Clear();
            var count = 0;
            foreach (var (ip, name) in requests)
            {
                count += AddOne(tx, ip, name, report) ? 1 : 0;
            }

            return count;
        });

        _s.Write(report.ToString());
        _s.RestartNecessary |= added > 0;
    }

    /// <summary>OSSEC's checks in OSSEC's order: name, duplicate name, ip; then the add with the default id.</summary>
    private static bool AddOne(KeyTransaction tx, string ip, string name, StringBuilder report)
    {
        if (!AgentNameRules.IsValidName(name))
        {
            report.Append(MenuText.InvalidName(name));
            return false;
        }

        if (tx.FindByName(name) is not null)
        {
            report.Append(MenuText.NameExists(name));
            return false;
        }

        if (!AgentNameRules.IsValidIpField(ip))
        {
            report.Append(MenuText.InvalidIp(ip));
            return false;
        }

        var result = tx.Add(new KeyAddRequest(name, ip, CheckDuplicateIp: false));
        if (!result.Succeeded)
        {
            report.Append(MenuText.NoDefault(tx.NextManageAgentsId()));
            return false;
        }

        report.Append(MenuText.AgentInfo(result.Entry!.Id, name, ip)).Append(MenuText.AgentAdded(result.Entry.Id));
        return true;
    }
}
