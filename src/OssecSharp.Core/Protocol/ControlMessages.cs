using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// The <c>#!-</c> control messages of the secure channel (channel-control.md §2–§4, §7): constants, classification
/// and the formats with arguments. Pure; no I/O. Trailing spaces are part of the messages.
/// </summary>
public static class ControlMessages
{
    /// <summary>Every control payload starts with these three bytes.</summary>
    public static ReadOnlySpan<byte> Prefix => "#!-"u8;

    /// <summary>Agent → manager handshake request (note the trailing space).</summary>
    public static ReadOnlySpan<byte> AgentStartup => "#!-agent startup "u8;

    /// <summary>Manager → agent reply to every control message (note the trailing space).</summary>
    public static ReadOnlySpan<byte> AgentAck => "#!-agent ack "u8;

    /// <summary>Manager → agent end of file transfer (note the trailing space).</summary>
    public static ReadOnlySpan<byte> CloseFile => "#!-close file "u8;

    /// <summary>Manager → agent request to re-run syscheck/rootcheck.</summary>
    public static ReadOnlySpan<byte> SyscheckRestart => "#!-syscheck restart"u8;

    private static ReadOnlySpan<byte> UpFilePrefix => "#!-up file "u8;

    private static ReadOnlySpan<byte> ExecdPrefix => "#!-execd "u8;

    /// <summary>True when the payload is a control message.</summary>
    public static bool IsControl(ReadOnlySpan<byte> payload) => payload.StartsWith(Prefix);

    /// <summary>The control body: the payload without <c>#!-</c> (empty for an event).</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> payload) => IsControl(payload) ? payload[Prefix.Length..] : default;

    /// <summary>Classifies a decrypted payload.</summary>
    public static ControlKind Classify(ReadOnlySpan<byte> payload)
    {
        if (!IsControl(payload))
        {
            return ControlKind.Event;
        }

        if (payload.SequenceEqual(AgentStartup))
        {
            return ControlKind.AgentStartup;
        }

        if (payload.SequenceEqual(AgentAck))
        {
            return ControlKind.AgentAck;
        }

        if (payload.SequenceEqual(CloseFile))
        {
            return ControlKind.CloseFile;
        }

        if (payload.StartsWith(SyscheckRestart))
        {
            return ControlKind.SyscheckRestart;
        }

        if (payload.StartsWith(UpFilePrefix))
        {
            return ControlKind.UpFile;
        }

        return payload.StartsWith(ExecdPrefix) ? ControlKind.Execd : ControlKind.Other;
    }

    /// <summary><c>#!-up file &lt;md5&gt; &lt;name&gt;\n</c>.</summary>
    public static byte[] FormatUpFile(string md5, string fileName) =>
        Encoding.UTF8.GetBytes($"#!-up file {md5} {fileName}\n");

    /// <summary>
    /// Parses <c>#!-up file &lt;md5&gt; &lt;name&gt;</c>; the name is cut at the first newline and sanitised as the agent
    /// does (<c>/</c> → <c>-</c>, a leading <c>.</c> → <c>-</c>), the md5 is at most 32 characters.
    /// </summary>
    public static bool TryParseUpFile(ReadOnlySpan<byte> payload, out string md5, out string fileName)
    {
        md5 = fileName = string.Empty;
        if (!payload.StartsWith(UpFilePrefix))
        {
            return false;
        }

        var rest = payload[UpFilePrefix.Length..];
        var space = rest.IndexOf((byte)' ');
        if (space <= 0 || space > 32)
        {
            return false;
        }

        var name = rest[(space + 1)..];
        var newline = name.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            name = name[..newline];
        }

        if (name.IsEmpty)
        {
            return false;
        }

        md5 = Encoding.ASCII.GetString(rest[..space]);
        var text = Encoding.UTF8.GetString(name).Replace('/', '-');
        fileName = text[0] == '.' ? "-" + text[1..] : text;
        return true;
    }

    /// <summary><c>#!-execd &lt;command&gt;</c> (active response, channel-control.md §7.2).</summary>
    public static byte[] FormatExecd(ReadOnlySpan<byte> command)
    {
        var result = new byte[ExecdPrefix.Length + command.Length];
        ExecdPrefix.CopyTo(result);
        command.CopyTo(result.AsSpan(ExecdPrefix.Length));
        return result;
    }

    /// <summary>The command of an <c>#!-execd</c> message (what the agent writes to <c>queue/alerts/execq</c>).</summary>
    public static bool TryParseExecd(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> command)
    {
        command = default;
        if (!payload.StartsWith(ExecdPrefix))
        {
            return false;
        }

        command = payload[ExecdPrefix.Length..];
        return true;
    }

    /// <summary><c>#!-&lt;body&gt;</c>: a bare control body (agent_control's non-AR messages, flag <c>!</c>).</summary>
    public static byte[] FormatBare(ReadOnlySpan<byte> body)
    {
        var result = new byte[Prefix.Length + body.Length];
        Prefix.CopyTo(result);
        body.CopyTo(result.AsSpan(Prefix.Length));
        return result;
    }
}
