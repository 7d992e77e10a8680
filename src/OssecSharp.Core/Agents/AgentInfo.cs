using System.Text;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Agents;

/// <summary>
/// The status file the manager keeps per agent, <c>queue/agent-info/&lt;name&gt;-&lt;ip string&gt;</c>
/// (channel-control.md §8), in one place: its name, its content as OSSEC 4.x's remoted writes it (the uname line of
/// the agent's last keepalive, then <c>crypto_method:aes|blowfish</c>), how agent_control reads it back, and what its
/// age (mtime) says about the agent. Pure: the callers do the file I/O.
/// </summary>
/// <param name="UnameLine">The first line: the keepalive's uname line, <c>" / &lt;agent.conf md5&gt;"</c> included.</param>
/// <param name="Encryption"><c>aes</c> or <c>blowfish</c>, or null when the file has no such line (3.x and older).</param>
public sealed record AgentInfo(string UnameLine, string? Encryption)
{
    /// <summary>monitord's default <c>notify_time</c>, which OSSEC's agent_control assumes.</summary>
    public static readonly TimeSpan DefaultNotifyTime = TimeSpan.FromSeconds(600);

    /// <summary>
    /// 3 × NOTIFY_TIME + 30 = 1830 s: a file written within this window means Active (agent_control), and a silence
    /// longer than it means disconnected (monitord).
    /// </summary>
    public static readonly TimeSpan ActiveWindow = WindowFor(DefaultNotifyTime);

    private const string CryptoMethodTag = "crypto_method:";

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The OS part of the uname line (up to <c>" - "</c>), as <c>agent_control -i</c> shows it.</summary>
    public string OperatingSystem
    {
        get
        {
            var dash = UnameLine.IndexOf(" - ", StringComparison.Ordinal);
            return dash >= 0 ? UnameLine[..dash] : UnameLine;
        }
    }

    /// <summary>The version part (after <c>" - "</c>, <c>" / md5"</c> included), or null when the line has none.</summary>
    public string? Version
    {
        get
        {
            var dash = UnameLine.IndexOf(" - ", StringComparison.Ordinal);
            return dash >= 0 ? UnameLine[(dash + 3)..] : null;
        }
    }

    /// <summary>get_agents_with_timeout's window for a <c>notify_time</c>: 3 × it + 30 s.</summary>
    public static TimeSpan WindowFor(TimeSpan notifyTime) => (notifyTime * 3) + TimeSpan.FromSeconds(30);

    /// <summary>The file's name in <c>queue/agent-info</c>: <c>&lt;name&gt;-&lt;ip string&gt;</c> (monitord reports agents by it).</summary>
    public static string FileName(string name, string ipString) => name + "-" + ipString;

    /// <summary>What remoted writes for a keepalive's uname line received with <paramref name="method"/>.</summary>
    public static AgentInfo From(string unameLine, CryptoMethod method) =>
        new(unameLine, method == CryptoMethod.Aes ? "aes" : "blowfish");

    /// <summary>The file's text: <c>&lt;uname line&gt;\ncrypto_method:&lt;method&gt;\n</c> (only the first line without a method).</summary>
    public string Format() => Encryption is null ? UnameLine + "\n" : UnameLine + "\n" + CryptoMethodTag + Encryption + "\n";

    /// <summary>The file's bytes (UTF-8, no BOM).</summary>
    public byte[] ToBytes() => s_utf8.GetBytes(Format());

    /// <summary>
    /// Reads a file as agent_control does (get_agent_info): the first line, and a later <c>crypto_method:</c> line
    /// whose value is <c>aes</c> or <c>blowfish</c> (any other value is not trusted). Null for an empty file.
    /// </summary>
    public static AgentInfo? Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadLine() is not { } first)
        {
            return null;
        }

        string? encryption = null;
        while (reader.ReadLine() is { } line)
        {
            var at = line.IndexOf(CryptoMethodTag, StringComparison.Ordinal);
            if (at >= 0 && line[(at + CryptoMethodTag.Length)..] is "aes" or "blowfish")
            {
                encryption = line[(at + CryptoMethodTag.Length)..];
            }
        }

        return new AgentInfo(first, encryption);
    }

    /// <summary>
    /// The agent's status from its file's mtime (null: no file). OSSEC compares whole seconds:
    /// <c>st_mtime &gt; time(0) - 1830</c>.
    /// </summary>
    public static AgentStatus StatusAt(DateTime? lastWriteUtc, DateTimeOffset now)
    {
        if (lastWriteUtc is not { } utc)
        {
            return AgentStatus.NeverConnected;
        }

        var mtime = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return mtime.ToUnixTimeSeconds() > now.ToUnixTimeSeconds() - (long)ActiveWindow.TotalSeconds
            ? AgentStatus.Active
            : AgentStatus.Disconnected;
    }

    /// <summary>An mtime just past the Active window: what a disconnected agent's file is set to, so agent_control agrees.</summary>
    public static DateTime DisconnectedMtime(DateTimeOffset now) => now.UtcDateTime - ActiveWindow - TimeSpan.FromSeconds(1);
}
