using System.Buffers.Text;

namespace OssecSharp.Core.Counters;

/// <summary>A (global, local) pair as stored in <c>queue/rids</c> files and carried in every datagram.</summary>
/// <param name="Global">Incremented each time the local counter wraps.</param>
/// <param name="Local">1…9997 on the sender side.</param>
public readonly record struct MessageCounter(uint Global, uint Local)
{
    /// <summary>Longest text form: two 10-digit numbers and two colons.</summary>
    public const int MaxTextLength = 22;

    /// <summary>Parses OSSEC's <c>fscanf("%u:%u")</c>: anything after the second number is ignored; else 0:0.</summary>
    public static MessageCounter Parse(ReadOnlySpan<byte> text)
    {
        if (Utf8Parser.TryParse(text, out uint global, out var used) && used < text.Length && text[used] == (byte)':'
            && Utf8Parser.TryParse(text[(used + 1)..], out uint local, out _))
        {
            return new MessageCounter(global, local);
        }

        return default;
    }

    /// <summary>Writes <c>G:L:</c> (no newline) and returns the length.</summary>
    public int Format(Span<byte> destination)
    {
        Utf8Formatter.TryFormat(Global, destination, out var at);
        destination[at++] = (byte)':';
        Utf8Formatter.TryFormat(Local, destination[at..], out var n);
        at += n;
        destination[at++] = (byte)':';
        return at;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Global}:{Local}:";
}
