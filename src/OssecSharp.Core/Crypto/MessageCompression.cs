using System.IO.Compression;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// zlib (RFC 1950) compression of the secure-channel message. OSSEC uses <c>compress2</c> at level 9; any valid zlib
/// stream is accepted by its receiver, so the exact deflate bytes need not match.
/// </summary>
internal static class MessageCompression
{
    /// <summary>Room to leave for deflate's worst case (stored blocks, header and Adler-32) on top of the input.</summary>
    public static int MaxCompressedLength(int sourceLength) => sourceLength + (sourceLength >> 10) + 64;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> from <paramref name="offset"/>.</summary>
    public static int Compress(ReadOnlySpan<byte> source, byte[] destination, int offset)
    {
        if (SystemZlib.IsAvailable
            && SystemZlib.Compress(source, destination.AsSpan(offset), 9, out var written) == SystemZlib.Ok)
        {
            return written;
        }

        return CompressManaged(source, destination, offset);
    }

    /// <summary>The portable path: <c>ZLibStream</c> at <see cref="CompressionLevel.SmallestSize"/> (level 9).</summary>
    public static int CompressManaged(ReadOnlySpan<byte> source, byte[] destination, int offset)
    {
        using var output = new MemoryStream(destination, offset, destination.Length - offset, writable: true);
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(source);
        }

        return (int)output.Position;
    }

    /// <summary>
    /// Inflates at most <paramref name="limit"/> bytes. Returns <see cref="DecodeStatus.TooLarge"/> when the stream holds
    /// more, <see cref="DecodeStatus.DecompressFailed"/> when it is not valid zlib. Bytes after the end of the zlib
    /// stream are ignored, as zlib's <c>uncompress</c> in OSSEC ignores them. Never throws on bad data.
    /// </summary>
    public static DecodeStatus TryDecompress(byte[] source, int offset, int count, Span<byte> destination, int limit, out int written)
    {
        if (!SystemZlib.IsAvailable)
        {
            return TryDecompressManaged(source, offset, count, destination, limit, out written);
        }

        var status = SystemZlib.Uncompress(source.AsSpan(offset, count), destination[..(limit + 1)], out written);
        if (status == SystemZlib.BufferError || (status == SystemZlib.Ok && written > limit))
        {
            return DecodeStatus.TooLarge;
        }

        return status == SystemZlib.Ok && written > 0 ? DecodeStatus.Ok : DecodeStatus.DecompressFailed;
    }

    /// <summary>The portable path over <c>ZLibStream</c>; same results as the native one.</summary>
    public static DecodeStatus TryDecompressManaged(
        byte[] source, int offset, int count, Span<byte> destination, int limit, out int written)
    {
        written = 0;
        try
        {
            using var input = new MemoryStream(source, offset, count, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var window = destination[..(limit + 1)];
            int read;
            while (written < window.Length && (read = zlib.Read(window[written..])) > 0)
            {
                written += read;
            }
        }
        catch (InvalidDataException)
        {
            return DecodeStatus.DecompressFailed;
        }
        catch (IOException)
        {
            return DecodeStatus.DecompressFailed;
        }

        if (written > limit)
        {
            return DecodeStatus.TooLarge;
        }

        return written == 0 ? DecodeStatus.DecompressFailed : DecodeStatus.Ok;
    }
}
