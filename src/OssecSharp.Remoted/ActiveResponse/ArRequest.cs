using System.Text;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Remoted.ActiveResponse;

/// <summary>
/// One request read from <c>queue/alerts/ar</c> (channel-control.md §7), parsed as OSSEC's
/// <c>AR_Forward</c> does: <c>(location-name) token F1F2F3 agent-id rest…</c>.
/// </summary>
internal sealed record ArRequest(string LocationName, ArTarget Target, string AgentId, bool IsBareControl, string Text)
{
    /// <summary>The payload sent to the agent(s): <c>#!-execd &lt;text&gt;</c>, or <c>#!-&lt;text&gt;</c> for the
    /// "not an active response" flag.</summary>
    public byte[] ToPayload()
    {
        var text = Encoding.UTF8.GetBytes(Text);
        return IsBareControl ? ControlMessage.FormatBare(text) : ControlMessage.FormatExecd(text);
    }

    /// <summary>Parses a request (trailing NUL/newline ignored); false when it is malformed (OSSEC 1310).</summary>
    public static bool TryParse(string message, out ArRequest? request)
    {
        request = null;
        message = message.TrimEnd('\0', '\n');
        if (message.Length == 0 || message[0] != '(')
        {
            return false;
        }

        var close = message.IndexOf(')', StringComparison.Ordinal);
        if (close < 0 || close + 2 > message.Length)
        {
            return false;
        }

        var name = message[1..close];

        // Skip ") " then one space-delimited token (the ip/location, or "[]").
        var tokenEnd = message.IndexOf(' ', close + 2);
        if (tokenEnd < 0 || tokenEnd + 4 > message.Length)
        {
            return false;
        }

        var flags = message.AsSpan(tokenEnd + 1, 3);
        var afterFlags = tokenEnd + 4;
        if (afterFlags >= message.Length || message[afterFlags] != ' ')
        {
            return false;
        }

        var idEnd = message.IndexOf(' ', afterFlags + 1);
        if (idEnd < 0)
        {
            return false;
        }

        var id = message[(afterFlags + 1)..idEnd];
        var text = message[(idEnd + 1)..];

        // AR_Forward reads the flags in this order: A (all) wins, then R (source agent), then S (specific id).
        var target = flags[0] == 'A' ? ArTarget.AllAgents
            : flags[1] == 'R' ? ArTarget.SourceAgent
            : flags[2] == 'S' ? ArTarget.SpecificAgent
            : ArTarget.None;
        request = new ArRequest(name, target, id, IsBareControl: flags[1] == '!', text);
        return true;
    }
}
