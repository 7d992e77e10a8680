using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// The event queue format <c>&lt;q&gt;:&lt;location&gt;:&lt;text&gt;</c> (channel-control.md §6.1–§6.2), and the manager's
/// rewrite <c>&lt;q&gt;:(&lt;name&gt;) &lt;ip&gt;-&gt;&lt;location&gt;:&lt;text&gt;</c>. The terminating NUL that OSSEC
/// sends on the unix socket is added only when asked for.
/// </summary>
/// <param name="Queue">The queue code character (<c>1</c> LOCALFILE, <c>2</c> SYSLOG, <c>8</c> SYSCHECK, …).</param>
/// <param name="Location">Where the event came from (a log file, <c>ossec</c>, <c>syscheck</c>, or the manager form).</param>
/// <param name="Text">The event text.</param>
public sealed record QueueMessage(char Queue, string Location, string Text)
{
    /// <summary>LOCALFILE: log lines and internal <c>ossec:</c> messages.</summary>
    public const char LocalFile = '1';

    /// <summary>SYSLOG: remote syslog.</summary>
    public const char Syslog = '2';

    /// <summary>HOSTINFO.</summary>
    public const char HostInfo = '3';

    /// <summary>SECURE: remoted → analysisd marker.</summary>
    public const char Secure = '4';

    /// <summary>SYSCHECK: integrity records.</summary>
    public const char Syscheck = '8';

    /// <summary>ROOTCHECK.</summary>
    public const char Rootcheck = '9';

    /// <summary>Largest queue datagram (OS_MAXSTR).</summary>
    public const int MaxLength = 6144;

    /// <summary>The bytes, optionally NUL-terminated as OSSEC writes them to the unix socket.</summary>
    public byte[] ToBytes(bool nulTerminated = false) =>
        Encoding.UTF8.GetBytes(nulTerminated ? $"{Queue}:{Location}:{Text}\0" : $"{Queue}:{Location}:{Text}");

    /// <inheritdoc />
    public override string ToString() => $"{Queue}:{Location}:{Text}";

    /// <summary>The manager-side location <c>(&lt;agent name&gt;) &lt;ip string&gt;-&gt;&lt;location&gt;</c>.</summary>
    public static string ManagerLocation(string agentName, string ipString, string location) =>
        $"({agentName}) {ipString}->{location}";

    /// <summary>
    /// An agent's event payload is well formed when its second byte is <c>:</c>; otherwise OSSEC logs
    /// (1106) "String not correctly formatted." and drops it.
    /// </summary>
    public static bool IsWellFormedEvent(ReadOnlySpan<byte> payload) => payload.Length >= 2 && payload[1] == (byte)':';

    /// <summary>Events whose location starts with <c>keepalive</c> are silently dropped by remoted.</summary>
    public static bool IsKeepaliveLocation(ReadOnlySpan<byte> payload) => payload.Length >= 2 && payload[2..].StartsWith("keepalive"u8);

    /// <summary>
    /// remoted's rewrite of an agent event for analysisd: inserts <c>(&lt;name&gt;) &lt;ip&gt;-&gt;</c> after <c>&lt;q&gt;:</c>.
    /// Returns false when the payload is malformed (1106) or the result does not fit in <paramref name="destination"/>.
    /// </summary>
    public static bool TryFormatForwarded(
        ReadOnlySpan<byte> payload, string agentName, string ipString, Span<byte> destination, out int written, bool nulTerminated = true)
    {
        written = 0;
        if (!IsWellFormedEvent(payload))
        {
            return false;
        }

        var head = $"({agentName}) {ipString}->";
        var total = payload.Length + Encoding.UTF8.GetByteCount(head) + (nulTerminated ? 1 : 0);
        if (total > destination.Length)
        {
            return false;
        }

        payload[..2].CopyTo(destination);
        var at = 2 + Encoding.UTF8.GetBytes(head, destination[2..]);
        payload[2..].CopyTo(destination[at..]);
        at += payload.Length - 2;
        if (nulTerminated)
        {
            destination[at++] = 0;
        }

        written = at;
        return true;
    }

    /// <summary>
    /// Parses <c>&lt;q&gt;:&lt;location&gt;:&lt;text&gt;</c> (a trailing NUL is ignored). For the manager form the location
    /// runs to the first <c>:</c> after <c>-&gt;</c>, so IPv6 addresses in it are kept whole.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out QueueMessage? message)
    {
        message = null;
        var nul = data.IndexOf((byte)0);
        if (nul >= 0)
        {
            data = data[..nul];
        }

        if (data.Length < 3 || data[1] != (byte)':')
        {
            return false;
        }

        var rest = data[2..];
        var searchFrom = 0;
        if (rest[0] == (byte)'(')
        {
            var arrow = rest.IndexOf("->"u8);
            if (arrow > 0)
            {
                searchFrom = arrow + 2;
            }
        }

        var colon = rest[searchFrom..].IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        colon += searchFrom;
        message = new QueueMessage(
            (char)data[0], Encoding.UTF8.GetString(rest[..colon]), Encoding.UTF8.GetString(rest[(colon + 1)..]));
        return true;
    }
}
