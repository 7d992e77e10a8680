using System.Buffers.Binary;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// Wazuh's TCP framing for the secure channel (channel-control.md appendix): a 4-byte little-endian length, then the
/// same bytes a UDP datagram carries. The length is checked before anything is allocated from it.
/// </summary>
public static class TcpFraming
{
    /// <summary>Length of the prefix.</summary>
    public const int HeaderLength = 4;

    /// <summary>Hard ceiling on a frame (the UDP limit).</summary>
    public const int DefaultMaxFrameLength = 65535;

    /// <summary>Writes prefix + payload; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is too small or the payload is empty/too long.</exception>
    public static int Encode(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (payload.IsEmpty || payload.Length > DefaultMaxFrameLength || destination.Length < HeaderLength + payload.Length)
        {
            throw new ArgumentException("Payload empty, too long, or destination too small.", nameof(payload));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        payload.CopyTo(destination[HeaderLength..]);
        return HeaderLength + payload.Length;
    }

    /// <summary>A new array holding prefix + payload.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var result = new byte[HeaderLength + payload.Length];
        Encode(payload, result);
        return result;
    }

    /// <summary>
    /// Looks for one frame at the start of <paramref name="buffer"/>. On <see cref="FrameStatus.Ok"/>,
    /// <paramref name="frame"/> is the payload and <paramref name="consumed"/> the bytes to drop from the buffer.
    /// </summary>
    public static FrameStatus TryParse(
        ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> frame, out int consumed, int maxFrameLength = DefaultMaxFrameLength)
    {
        frame = default;
        consumed = 0;
        if (buffer.Length < HeaderLength)
        {
            return FrameStatus.NeedMore;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        if (length == 0 || length > (uint)maxFrameLength)
        {
            return FrameStatus.TooLarge;
        }

        if (buffer.Length - HeaderLength < length)
        {
            return FrameStatus.NeedMore;
        }

        frame = buffer.Slice(HeaderLength, (int)length);
        consumed = HeaderLength + (int)length;
        return FrameStatus.Ok;
    }
}
