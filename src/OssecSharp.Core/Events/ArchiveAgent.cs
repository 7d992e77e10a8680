using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OssecSharp.Core.Events;

/// <summary>
/// What an agent contributes to each of its archive records, encoded once per agent instead of once per event: the
/// location prefix <c>(&lt;name&gt;) &lt;ip&gt;-&gt;</c> in UTF-8, the same JSON-escaped, and the JSON <c>"agent":{…}</c>
/// member.
/// </summary>
public sealed class ArchiveAgent
{
    /// <summary>Encodes the agent's parts once, as its records will carry them.</summary>
    public ArchiveAgent(string id, string name, string ip)
    {
        Id = id;
        Name = name;
        Ip = ip;
        var prefix = "(" + name + ") " + ip + "->";
        LocationPrefix = Encoding.UTF8.GetBytes(prefix);
        var scratch = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(scratch, ArchiveFormatter.JsonOptions))
        {
            json.WriteStringValue(prefix);
        }

        JsonLocationPrefix = scratch.WrittenSpan[1..^1].ToArray();
        scratch.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(scratch, ArchiveFormatter.JsonOptions))
        {
            // The members exactly as ArchiveFormatter.JsonLine writes them, inside a throw-away object.
            json.WriteStartObject();
            json.WriteStartObject("agent");
            json.WriteString("id", id);
            json.WriteString("name", name);
            json.WriteString("ip", ip);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        JsonAgentMember = scratch.WrittenSpan[1..^1].ToArray();
    }

    /// <summary>The agent's id as client.keys spells it.</summary>
    public string Id { get; }

    /// <summary>The agent's name.</summary>
    public string Name { get; }

    /// <summary>The address shown in the location (the key's ip, or the source for <c>any</c>).</summary>
    public string Ip { get; }

    /// <summary><c>(&lt;name&gt;) &lt;ip&gt;-&gt;</c> in UTF-8.</summary>
    public byte[] LocationPrefix { get; }

    /// <summary>The prefix JSON-escaped, without quotes.</summary>
    public byte[] JsonLocationPrefix { get; }

    /// <summary><c>"agent":{"id":…,"name":…,"ip":…}</c>.</summary>
    public byte[] JsonAgentMember { get; }
}
