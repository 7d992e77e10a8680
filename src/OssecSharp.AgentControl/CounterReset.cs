using System.Text;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Keys;

namespace OssecSharp.AgentControl;

/// <summary>
/// <c>agent_control --reset-counter &lt;id&gt;</c> (OssecSharp extension): forgets the manager's receive counter
/// of one agent by deleting <c>queue/rids/&lt;id&gt;</c>. remoted notices the file is gone (new inode) at its next
/// counter check and starts that agent over at 0:0, so a reinstalled agent or a reverted VM snapshot, whose own
/// counter restarted lower, is accepted again without "Duplicated counter" errors and without a restart.
/// </summary>
internal static class CounterReset
{
    /// <summary>Resets the counter of a known agent; returns the text to print.</summary>
    public static string Run(OssecPaths paths, KeyEntry agent)
    {
        var file = paths.RidsFile(agent.Id);
        var relative = Path.Combine("queue", "rids", agent.Id);
        if (!File.Exists(file))
        {
            return $"\n{AgentControlText.Prefix}: No counter kept for agent '{agent.Id}' ({agent.Name}); {relative} does not exist. Nothing to reset.\n";
        }

        var previous = Encoding.ASCII.GetString(File.ReadAllBytes(file)).TrimEnd('\0', '\n');
        File.Delete(file);
        return $"\n{AgentControlText.Prefix}: Counter of agent '{agent.Id}' ({agent.Name}) reset: removed {relative} (was '{previous}'). "
            + "remoted accepts the agent's next message from 0:0.\n";
    }
}
