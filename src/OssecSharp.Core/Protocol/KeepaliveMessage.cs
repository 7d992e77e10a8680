using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// The agent's keepalive (notify) control message, channel-control.md §3:
/// <c>#!-UNAME[ / MD5_AGENT_CONF]\nMD5_MERGED merged.mg\n\nRANDOM</c>, truncated to 1023 bytes.
/// A null <see cref="RandomTail"/> is the Windows form (no blank line, no random part).
/// </summary>
/// <param name="Uname">System line, e.g. <c>Linux vm 6.1.0 #1 SMP x86_64 - OSSEC HIDS v4.2.0</c>.</param>
/// <param name="AgentConfMd5">md5hex of <c>etc/shared/agent.conf</c> when the agent has one.</param>
/// <param name="Files">Shared-file sums; normally one <c>merged.mg</c> line (md5 <c>x</c> on a fresh agent).</param>
/// <param name="RandomTail">Random characters that make each keepalive unique, or null (Windows form).</param>
public sealed record KeepaliveMessage(string Uname, string? AgentConfMd5, IReadOnlyList<SharedFileSum> Files, string? RandomTail)
{
    /// <summary>The whole payload is cut to this many bytes (OSSEC's 1024-byte buffer).</summary>
    public const int MaxLength = 1023;

    /// <summary>Characters of the random tail (OSSEC's notify.c).</summary>
    public const string RandomAlphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()_+-=;'[],./?";

    /// <summary>The product string OSSEC appends to the uname line.</summary>
    public const string Product = "OSSEC HIDS v4.2.0";

    private const string ConfSeparator = " / ";

    /// <summary>The first line as the manager stores it in agent-info (uname plus <c> / md5</c> when present).</summary>
    public string UnameLine => AgentConfMd5 is null ? Uname : Uname + ConfSeparator + AgentConfMd5;

    /// <summary><c>"&lt;sysname&gt; &lt;nodename&gt; &lt;release&gt; &lt;version&gt; &lt;machine&gt; - OSSEC HIDS v4.2.0"</c>.</summary>
    public static string FormatUname(string sysname, string nodename, string release, string version, string machine) =>
        $"{sysname} {nodename} {release} {version} {machine} - {Product}";

    /// <summary>What OSSEC sends when uname(2) fails (two spaces before the product).</summary>
    public static string UnknownUname => "No system info available -  " + Product;

    /// <summary>A random tail as OSSEC draws it: 0–698 characters of <see cref="RandomAlphabet"/>.</summary>
    public static string CreateRandomTail(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var length = random.Next(699);
        return string.Create(length, random, static (span, rng) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = RandomAlphabet[rng.Next(RandomAlphabet.Length)];
            }
        });
    }

    /// <summary>The payload bytes (with <c>#!-</c>), at most 1023 bytes.</summary>
    public byte[] Format()
    {
        var text = new StringBuilder("#!-").Append(UnameLine).Append('\n');
        foreach (var file in Files)
        {
            text.Append(file.Md5).Append(' ').Append(file.Name).Append('\n');
        }

        if (RandomTail is not null)
        {
            text.Append('\n').Append(RandomTail);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= MaxLength ? bytes : bytes[..MaxLength];
    }

    /// <summary>
    /// Parses a keepalive payload (with <c>#!-</c>). Fails when it is not a control message or has no newline
    /// (OSSEC: "Invalid message from agent id: '&lt;n&gt;'(uname)").
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out KeepaliveMessage? message)
    {
        message = null;
        if (!ControlMessage.IsControl(payload))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(ControlMessage.Body(payload));
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return false;
        }

        var (uname, confMd5) = SplitUnameLine(text[..newline]);
        var files = new List<SharedFileSum>();
        string? tail = null;
        var at = newline + 1;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            if (end < 0)
            {
                tail = text[at..]; // OSSEC logs "(strchr \n)" for such a line; keep it visible to the caller
                break;
            }

            if (end == at)
            {
                tail = text[(at + 1)..];
                break;
            }

            var line = text[at..end];
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                files.Add(new SharedFileSum(line[..space], line[(space + 1)..]));
            }

            at = end + 1;
        }

        message = new KeepaliveMessage(uname, confMd5, files, tail);
        return true;
    }

    /// <summary>Splits <c>uname / md5</c> (the md5 of agent.conf is 32 hex characters at the end of the line).</summary>
    public static (string Uname, string? AgentConfMd5) SplitUnameLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var at = line.LastIndexOf(ConfSeparator, StringComparison.Ordinal);
        if (at >= 0 && line.Length - at - ConfSeparator.Length == 32
            && line.AsSpan(at + ConfSeparator.Length).IndexOfAnyExcept("0123456789abcdef") < 0)
        {
            return (line[..at], line[(at + ConfSeparator.Length)..]);
        }

        return (line, null);
    }
}
