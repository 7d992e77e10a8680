namespace OssecSharp.Core.Keys;

/// <summary>One live agent of client.keys: <c>&lt;id&gt; &lt;name&gt; &lt;ip&gt; &lt;key&gt;</c>.</summary>
public sealed class KeyEntry
{
    /// <summary>Creates an entry from already-parsed fields.</summary>
    public KeyEntry(string id, string name, KeyIp ip, string key, int lineNumber = 0)
        : this(id, name, ip, key, lineNumber, lineStart: -1)
    {
    }

    /// <summary>An entry read from a file, with the byte offset of its physical line (for in-place edits).</summary>
    internal KeyEntry(string id, string name, KeyIp ip, string key, int lineNumber, int lineStart)
    {
        ArgumentNullException.ThrowIfNull(ip);
        Id = id;
        Name = name;
        Ip = ip;
        Key = key;
        LineNumber = lineNumber;
        LineStart = lineStart;
    }

    /// <summary>The id, compared as a string (<c>1</c> ≠ <c>001</c>).</summary>
    public string Id { get; }

    /// <summary>The agent name.</summary>
    public string Name { get; }

    /// <summary>The parsed ip field.</summary>
    public KeyIp Ip { get; }

    /// <summary>The ip field as written (with any <c>/N</c>).</summary>
    public string IpField => Ip.Field;

    /// <summary>The ip field without <c>/N</c>: used for source matching, agent-info names and event locations.</summary>
    public string IpString => Ip.IpString;

    /// <summary>Prefix length of the ip field (0 for <c>any</c>).</summary>
    public int PrefixLength => Ip.PrefixLength;

    /// <summary>True when the agent sends no <c>!id!</c> prefix (IPv4 /32 or IPv6 /128).</summary>
    public bool IsSingleHost => Ip.IsSingleHost;

    /// <summary>The secret: everything after the third space (a CRLF file leaves a trailing <c>\r</c>).</summary>
    public string Key { get; }

    /// <summary>1-based line number in the file it was read from (0 when built in memory).</summary>
    public int LineNumber { get; }

    /// <summary>Byte offset of the start of its physical line in the file image it was read from; -1 when built in memory.</summary>
    internal int LineStart { get; }

    /// <summary>The client.keys line for this entry, without newline.</summary>
    public string ToLine() => string.Concat(Id, " ", Name, " ", IpField, " ", Key);

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Name} {IpField}";
}
