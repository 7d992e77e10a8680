using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents.Dialogs;

/// <summary>print_agents(0, …) and list_agents(): the <c>Available agents:</c> screen.</summary>
internal static class AgentLister
{
    /// <summary>Renders the list of live agents; false (and nothing written) when there is none.</summary>
    public static bool TryRender(ReadOnlySpan<byte> file, StringBuilder target)
    {
        var start = target.Length;
        target.Append(MenuText.Available);
        if (KeyFileLines.AppendListing(file, target) > 0)
        {
            return true;
        }

        target.Length = start;
        return false;
    }

    /// <summary>Writes the list; false when there is no live agent.</summary>
    public static bool Print(ToolSession session)
    {
        var file = session.Store.ReadFile();
        var sb = new StringBuilder(64 + (file.Length / 2));
        if (!TryRender(file.Span, sb))
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
