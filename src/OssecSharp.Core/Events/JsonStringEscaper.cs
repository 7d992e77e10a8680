using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OssecSharp.Core.Events;

/// <summary>
/// Writes a UTF-8 value as <see cref="Utf8JsonWriter"/> with <see cref="ArchiveFormatter.JsonOptions"/> writes it,
/// without the quotes: copied as it is when the encoder finds nothing to escape (the usual log line), otherwise through
/// a reused writer, so the bytes are the writer's own. One instance per writing thread.
/// </summary>
internal sealed class JsonStringEscaper
{
    private readonly JavaScriptEncoder _encoder = ArchiveFormatter.JsonOptions.Encoder!;
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonStringEscaper()
    {
        _writer = new Utf8JsonWriter(_scratch, ArchiveFormatter.JsonOptions);
    }

    /// <summary>Appends the escaped form of valid UTF-8 <paramref name="utf8"/>.</summary>
    public void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        if (_encoder.FindFirstCharacterToEncodeUtf8(utf8) < 0)
        {
            output.Write(utf8);
            return;
        }

        _scratch.ResetWrittenCount();
        _writer.Reset(_scratch);
        _writer.WriteStringValue(utf8);
        _writer.Flush();
        output.Write(_scratch.WrittenSpan[1..^1]);
    }
}
