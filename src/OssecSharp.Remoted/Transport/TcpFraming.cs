using System.Buffers.Binary;

namespace OssecSharp.Remoted.Transport;

/// <summary>
/// Wazuh's secure-channel framing over TCP (channel-control.md, appendix): a 4-byte little-endian length, then
/// exactly that many bytes of what a UDP datagram would carry.
/// </summary>
internal static class TcpFraming
{
    public const int HeaderSize = 4;

    /// <summary>Hard ceiling: nothing valid is larger than a UDP datagram.</summary>
    public const int MaxFrame = 65535;

    /// <summary>Reads the announced length; false for 0 or more than <see cref="MaxFrame"/> (a framing error).
    /// The length is checked before anything is allocated from it.</summary>
    public static bool TryReadLength(ReadOnlySpan<byte> header, out int length)
    {
        var announced = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (announced is 0 or > MaxFrame)
        {
            length = 0;
            return false;
        }

        length = (int)announced;
        return true;
    }

    /// <summary>Header + payload as one buffer, ready for a single write.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }
}
