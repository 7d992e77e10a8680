using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OssecSharp.Core.Events;

/// <summary>
/// The three shapes an event is written in: analysisd's archives.log line, an archives.json object, and the
/// analysis-queue datagram (channel-control.md §6.1).
/// </summary>
internal static class ArchiveFormatter
{
    /// <summary>
    /// Only what JSON requires is escaped (quotes, backslashes, control characters): the default encoder's HTML
    /// safety (<c>+</c> as <c>\u002B</c>, <c>&gt;</c> as <c>\u003E</c>, non-ASCII letters) makes log lines impossible to
    /// grep, and archives.json is never embedded in a web page.
    /// </summary>
    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// analysisd's OS_Store line: <c>YYYY Mon DD HH:MM:SS [host-&gt;]location message\n</c> in local time; the
    /// <c>host-&gt;</c> prefix is only written when the location does not start with <c>(</c> (agent locations carry
    /// their own <c>(name) ip-&gt;</c>).
    /// </summary>
    public static string ArchiveLine(ArchiveEvent archiveEvent, string defaultHostname)
    {
        ArgumentNullException.ThrowIfNull(archiveEvent);
        var local = archiveEvent.Timestamp.ToLocalTime();
        var builder = new StringBuilder(64 + archiveEvent.Location.Length + archiveEvent.Message.Length);
        builder.Append(local.Year.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Months[local.Month - 1]).Append(' ')
            .Append(local.Day.ToString("00", CultureInfo.InvariantCulture)).Append(' ')
            .Append(local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ');
        if (!archiveEvent.Location.StartsWith('('))
        {
            builder.Append(archiveEvent.Hostname ?? defaultHostname).Append("->");
        }

        builder.Append(archiveEvent.Location).Append(' ');
        AppendOneLine(builder, archiveEvent.Message);
        builder.Append('\n');
        return builder.ToString();
    }

    /// <summary>One archives.json line (Wazuh's shape: timestamp, agent, manager, location, full_log) ending in <c>\n</c>.</summary>
    public static void JsonLine(ArchiveEvent archiveEvent, string managerName, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(archiveEvent);
        using (var json = new Utf8JsonWriter(output, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", archiveEvent.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture).Remove(26, 1));
            json.WriteStartObject("agent");
            json.WriteString("id", archiveEvent.AgentId);
            json.WriteString("name", archiveEvent.AgentName ?? managerName);
            if (archiveEvent.AgentIp is not null)
            {
                json.WriteString("ip", archiveEvent.AgentIp);
            }

            json.WriteEndObject();
            json.WriteStartObject("manager");
            json.WriteString("name", managerName);
            json.WriteEndObject();
            json.WriteString("queue", archiveEvent.Queue.ToString());
            json.WriteString("location", archiveEvent.Location);
            json.WriteString("full_log", archiveEvent.Message);
            json.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    /// <summary>The analysis-queue datagram <c>&lt;q&gt;:&lt;location&gt;:&lt;message&gt;\0</c> (senders include the NUL).</summary>
    public static byte[] QueueDatagram(ArchiveEvent archiveEvent)
    {
        ArgumentNullException.ThrowIfNull(archiveEvent);
        return Encoding.UTF8.GetBytes($"{archiveEvent.Queue}:{archiveEvent.Location}:{archiveEvent.Message}\0");
    }

    private static void AppendOneLine(StringBuilder builder, string text)
    {
        // One event per line: embedded line breaks would forge archive records.
        foreach (var c in text)
        {
            builder.Append(c is '\n' or '\r' ? ' ' : c);
        }
    }
}
