using System.Text;
using OssecSharp.ManageAgents.Store;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>print_agents(0, …) and list_agents(): the <c>Available agents:</c> screen.</summary>
internal static class AgentLister
{
    /// <summary>Renders the list of live agents; false (and nothing written) when there is none.</summary>
    public static bool TryRender(IReadOnlyList<AgentLine> agents, StringBuilder target)
    {
        if (agents.Count == 0)
        {
            return false;
        }

        target.Append(MenuText.Available);
        foreach (var agent in agents)
        {
            target.Append("   ID: ").Append(agent.Id).Append(", Name: ").Append(agent.Name).Append(", IP: ").Append(agent.IpField).Append('\n');
        }

        return true;
    }

    /// <summary>Writes the list; false when there is no live agent.</summary>
    public static bool Print(ToolSession session)
    {
        var agents = session.Store.ListLive();
        var sb = new StringBuilder(64 + (agents.Count * 48));
        if (!TryRender(agents, sb))
        {
            return false;
        }

        session.Write(sb.ToString());
        return true;
    }

    /// <summary>The (L)ist action and <c>-l</c>: the list or the no-agent text, a blank line, then ENTER when interactive.</summary>
    public static void Run(ToolSession session, bool fromCommandLine)
    {
        if (!Print(session))
        {
            session.Write(MenuText.NoAgent);
        }

        session.Write("\n");
        if (!fromCommandLine)
        {
            session.Write(MenuText.PressEnter);
            session.Input.ReadLine();
        }
    }
}
