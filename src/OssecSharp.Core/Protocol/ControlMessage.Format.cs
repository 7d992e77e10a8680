using System.Text;

namespace OssecSharp.Core.Protocol;

public readonly ref partial struct ControlMessage
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

    /// <summary>The body of <see cref="SyscheckRestart"/>, as agent_control hands it to remoted's queue (flag <c>!</c>).</summary>
    public const string SyscheckRestartBody = "syscheck restart";

    private static ReadOnlySpan<byte> UpFilePrefix => "#!-up file "u8;

    private static ReadOnlySpan<byte> ExecdPrefix => "#!-execd "u8;

    /// <summary><c>#!-up file &lt;md5&gt; &lt;name&gt;\n</c>.</summary>
    public static byte[] FormatUpFile(string md5, string fileName) =>
        Encoding.UTF8.GetBytes($"#!-up file {md5} {fileName}\n");

    /// <summary>
    /// Splits the <see cref="Argument"/> of an up-file message, <c>&lt;md5&gt; &lt;name&gt;\n</c>, at its first space:
    /// the md5 keeps at most 32 characters (as OSSEC's agent does); the name is returned raw (newline included), for
    /// the receiver to sanitise. False when there is no md5 or no space.
    /// </summary>
    public static bool TrySplitUpFile(ReadOnlySpan<byte> argument, out ReadOnlySpan<byte> md5, out ReadOnlySpan<byte> rawName)
    {
        var space = argument.IndexOf((byte)' ');
        if (space <= 0)
        {
            md5 = rawName = default;
            return false;
        }

        md5 = argument[..Math.Min(space, 32)];
        rawName = argument[(space + 1)..];
        return true;
    }

    /// <summary><c>#!-execd &lt;command&gt;</c> (active response, channel-control.md §7.2).</summary>
    public static byte[] FormatExecd(ReadOnlySpan<byte> command) => Concat(ExecdPrefix, command);

    /// <summary><c>#!-&lt;body&gt;</c>: a bare control body (agent_control's non-AR messages, flag <c>!</c>).</summary>
    public static byte[] FormatBare(ReadOnlySpan<byte> body) => Concat(Prefix, body);

    private static byte[] Concat(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        var result = new byte[head.Length + tail.Length];
        head.CopyTo(result);
        tail.CopyTo(result.AsSpan(head.Length));
        return result;
    }
}
