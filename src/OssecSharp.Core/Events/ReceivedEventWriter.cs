using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OssecSharp.Core.Events;

/// <summary>
/// Formats an agent's event kept as received bytes (<see cref="QueuedEvent"/> with a payload) straight into the
/// archive buffers: the same bytes <see cref="ArchiveFormatter"/> writes for the <see cref="ArchiveEvent"/> remoted used
/// to build, without turning the event into strings and back. Payloads that are not valid UTF-8 are left to
/// <see cref="ArchiveFormatter"/> (<see cref="ToArchiveEvent"/>), whose replacement characters they need. One instance
/// per writing thread.
/// </summary>
internal sealed class ReceivedEventWriter
{
    private readonly ArchiveClock _clock = new();
    private readonly JsonStringEscaper _escaper = new();
    private readonly byte[] _managerMember;

    public ReceivedEventWriter(string managerName)
    {
        var scratch = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(scratch, ArchiveFormatter.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("manager");
            json.WriteString("name", managerName);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        _managerMember = scratch.WrittenSpan[1..^1].ToArray();
    }

    /// <summary>True when this writer formats <paramref name="payload"/> (<c>q:</c> with an ASCII q, valid UTF-8).</summary>
    public static bool CanWrite(ReadOnlySpan<byte> payload) =>
        payload.Length >= 2 && payload[0] < 0x80 && payload[1] == (byte)':' && Utf8.IsValid(payload);

    /// <summary>archives.log's line (<see cref="ArchiveFormatter.ArchiveLine"/>).</summary>
    public void ArchiveLine(in QueuedEvent item, IBufferWriter<byte> output)
    {
        Split(item.Payload!, out var location, out var text);
        var agent = item.Agent!;
        var head = _clock.LineHead(item.UtcTicks);
        var length = head.Length + agent.LocationPrefix.Length + location.Length + 1 + text.Length + 1;
        var span = output.GetSpan(length);
        head.CopyTo(span);
        var at = head.Length;
        agent.LocationPrefix.CopyTo(span[at..]);
        at += agent.LocationPrefix.Length;
        location.CopyTo(span[at..]);
        at += location.Length;
        span[at++] = (byte)' ';

        // One event per line: embedded line breaks would forge archive records.
        var message = span.Slice(at, text.Length);
        text.CopyTo(message);
        message.Replace((byte)'\n', (byte)' ');
        message.Replace((byte)'\r', (byte)' ');
        at += text.Length;
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>archives.json's line (<see cref="ArchiveFormatter.JsonLine"/>).</summary>
    public void JsonLine(in QueuedEvent item, IBufferWriter<byte> output)
    {
        var payload = item.Payload!;
        Split(payload, out var location, out var text);
        var agent = item.Agent!;
        output.Write("{\"timestamp\":\""u8);
        var stamp = output.GetSpan(40);
        output.Advance(_clock.JsonTimestamp(item.UtcTicks, stamp));
        output.Write("\","u8);
        output.Write(agent.JsonAgentMember);
        output.Write(","u8);
        output.Write(_managerMember);
        output.Write(",\"queue\":\""u8);
        _escaper.Append(output, payload.AsSpan(0, 1));
        output.Write("\",\"location\":\""u8);
        output.Write(agent.JsonLocationPrefix);
        _escaper.Append(output, location);
        output.Write("\",\"full_log\":\""u8);
        _escaper.Append(output, text);
        output.Write("\"}\n"u8);
    }

    /// <summary>The analysis-queue datagram (<see cref="ArchiveFormatter.QueueDatagram"/>) into <paramref name="output"/>.</summary>
    public static void QueueDatagram(in QueuedEvent item, IBufferWriter<byte> output)
    {
        var payload = item.Payload!;
        Split(payload, out var location, out var text);
        output.Write(payload.AsSpan(0, 2));
        output.Write(item.Agent!.LocationPrefix);
        output.Write(location);
        output.Write(":"u8);
        output.Write(text);
        output.Write("\0"u8);
    }

    /// <summary>The event as remoted built it before (for payloads this writer leaves to <see cref="ArchiveFormatter"/>).</summary>
    public static ArchiveEvent ToArchiveEvent(in QueuedEvent item)
    {
        var payload = item.Payload!;
        Split(payload, out var location, out var text);
        var agent = item.Agent!;
        return new ArchiveEvent(
            (char)payload[0],
            "(" + agent.Name + ") " + agent.Ip + "->" + Encoding.UTF8.GetString(location),
            Encoding.UTF8.GetString(text),
            new DateTimeOffset(item.UtcTicks, TimeSpan.Zero).ToLocalTime(),
            agent.Id,
            agent.Name,
            agent.Ip)
        {
            Receipt = item.Receipt,
        };
    }

    // payload = "<q>:<location>:<text>"; the agent's location ends at the first ':' after "q:".
    private static void Split(byte[] payload, out ReadOnlySpan<byte> location, out ReadOnlySpan<byte> text)
    {
        var rest = payload.AsSpan(2);
        var colon = rest.IndexOf((byte)':');
        location = colon < 0 ? rest : rest[..colon];
        text = colon < 0 ? [] : rest[(colon + 1)..];
    }
}
