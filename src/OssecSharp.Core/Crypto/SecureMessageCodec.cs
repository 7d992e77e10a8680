using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// Builds and reads secure-channel datagrams (keys-and-crypto.md §4–§6, §9–§10): OSSEC's <c>CreateSecMSG</c> and
/// <c>ReadSecMSG</c>. Stateless and thread-safe; scratch buffers come from the shared array pool. Decoding never throws
/// on untrusted bytes: every failure is a <see cref="DecodeStatus"/>.
/// </summary>
public static partial class SecureMessageCodec
{
    /// <summary>Largest payload OSSEC sends: OS_MAXSTR (6144) minus its 128-byte header allowance.</summary>
    public const int MaxPayloadLength = 6016;

    /// <summary>OS_MAXSTR: the decompressed message (md5 + header + payload) may not exceed it.</summary>
    public const int MaxMessageLength = 6144;

    /// <summary>A work buffer of this size is always enough for <see cref="TryDecode(ReadOnlySpan{byte}, AgentCipher, Span{byte}, out DecodedMessage, CryptoMethod?)"/>.</summary>
    public const int DecodeWorkBufferLength = MaxMessageLength + 1;

    /// <summary>A destination of this size is always enough for <c>TryEncode</c>.</summary>
    public const int MaxDatagramLength = 8192;

    /// <summary>Length of <c>%05u%010u:%04u:</c> (random, global, local).</summary>
    public const int HeaderLength = 21;

    private const byte Bang = (byte)'!';
    private const int CompressedOffset = 8; // room for the 1–8 '!' pad bytes in front of the zlib stream

    /// <summary>True when OSSEC would send a payload of this length (1…6016 bytes).</summary>
    public static bool IsValidPayloadLength(int length) => length is > 0 and <= MaxPayloadLength;

    /// <summary>
    /// Encodes <paramref name="payload"/> into <paramref name="destination"/>: header, md5, zlib, <c>!</c> padding,
    /// cipher, envelope. Returns false (nothing written) when the payload length is not 1…6016 — OSSEC's
    /// "Incorrect message size" — or the destination is too small.
    /// </summary>
    public static bool TryEncode(
        AgentCipher cipher, ReadOnlySpan<byte> payload, in SecureMessageHeader header, Span<byte> destination, out int written) =>
        TryEncode(cipher, payload, header, destination, encoder: null, out written);

    /// <summary>
    /// As <see cref="TryEncode(AgentCipher, ReadOnlySpan{byte}, in SecureMessageHeader, Span{byte}, out int)"/>, with the
    /// caller's reused zlib and MD5 state (<paramref name="encoder"/>, one per sending loop) instead of one-shot calls.
    /// </summary>
    internal static bool TryEncode(
        AgentCipher cipher,
        ReadOnlySpan<byte> payload,
        in SecureMessageHeader header,
        Span<byte> destination,
        SecureMessageEncoder? encoder,
        out int written)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        written = 0;
        if (!IsValidPayloadLength(payload.Length))
        {
            return false;
        }

        var fullLength = Md5Hex.Length + HeaderLength + 16 + payload.Length;
        var full = ArrayPool<byte>.Shared.Rent(fullLength);
        var plain = ArrayPool<byte>.Shared.Rent(CompressedOffset + MessageCompression.MaxCompressedLength(fullLength));
        try
        {
            var inner = full.AsSpan(Md5Hex.Length);
            var innerLength = WriteHeader(inner, header.Random, header.Global, header.Local);
            payload.CopyTo(inner[innerLength..]);
            innerLength += payload.Length;
            var message = full.AsSpan(0, Md5Hex.Length + innerLength);
            int compressed;
            if (encoder is null)
            {
                Md5Hex.Compute(inner[..innerLength], full);
                compressed = MessageCompression.Compress(message, plain, CompressedOffset);
            }
            else
            {
                encoder.Md5Hex(inner[..innerLength], full);
                compressed = encoder.Compress(message, plain, CompressedOffset);
            }
            return TrySeal(cipher, plain, compressed, header, destination, out written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            ArrayPool<byte>.Shared.Return(full);
        }
    }

    /// <summary>
    /// Encodes already-compressed bytes (md5 + header + payload, zlib'ed by the caller): padding, cipher and envelope
    /// only. Lets tests reproduce OSSEC's datagrams byte for byte from the recorded zlib output.
    /// </summary>
    public static bool TryEncodeCompressed(
        AgentCipher cipher, ReadOnlySpan<byte> compressed, in SecureMessageHeader header, Span<byte> destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        written = 0;
        if (compressed.IsEmpty)
        {
            return false;
        }

        var plain = ArrayPool<byte>.Shared.Rent(CompressedOffset + compressed.Length);
        try
        {
            compressed.CopyTo(plain.AsSpan(CompressedOffset));
            return TrySeal(cipher, plain, compressed.Length, header, destination, out written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    /// <summary>Encodes and returns a new array; throws when the payload length is not 1…6016.</summary>
    public static byte[] Encode(AgentCipher cipher, ReadOnlySpan<byte> payload, in SecureMessageHeader header)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramLength);
        try
        {
            if (!TryEncode(cipher, payload, header, buffer, out var written))
            {
                throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "Incorrect message size.");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteHeader(Span<byte> destination, ushort random, uint global, uint local)
    {
        // sprintf("%05u%010u:%04u:") — minimum widths, longer values are written in full as C does.
        Utf8Formatter.TryFormat(random, destination, out var at, new StandardFormat('D', 5));
        Utf8Formatter.TryFormat(global, destination[at..], out var n, new StandardFormat('D', 10));
        at += n;
        destination[at++] = (byte)':';
        Utf8Formatter.TryFormat(local, destination[at..], out n, new StandardFormat('D', 4));
        at += n;
        destination[at++] = (byte)':';
        return at;
    }

    // plain[CompressedOffset .. CompressedOffset + compressedLength] holds Z; the pad goes right in front of it.
    private static bool TrySeal(
        AgentCipher cipher, byte[] plain, int compressedLength, in SecureMessageHeader header, Span<byte> destination, out int written)
    {
        written = 0;
        var pad = (8 - ((compressedLength + 1) % 8)) % 8;
        var start = CompressedOffset - 1 - pad;
        var plainLength = compressedLength + 1 + pad;
        plain.AsSpan(start, 1 + pad).Fill(Bang);

        var prefixLength = header.AgentId is null ? 0 : Encoding.ASCII.GetByteCount(header.AgentId) + 2;
        var marker = header.Method == CryptoMethod.Aes ? "#AES:"u8 : ":"u8;
        var bodyLength = header.Method == CryptoMethod.Aes
            ? AgentCipher.AesBlockSize + AgentCipher.AesCipherLength(plainLength)
            : plainLength;
        var total = prefixLength + marker.Length + bodyLength;
        if (destination.Length < total)
        {
            return false;
        }

        var at = 0;
        if (header.AgentId is not null)
        {
            destination[at++] = Bang;
            at += Encoding.ASCII.GetBytes(header.AgentId, destination[at..]);
            destination[at++] = Bang;
        }

        marker.CopyTo(destination[at..]);
        at += marker.Length;
        if (header.Method == CryptoMethod.Aes)
        {
            var iv = header.Iv.Span;
            if (iv.Length != AgentCipher.AesBlockSize)
            {
                throw new ArgumentException("The AES IV must be 16 bytes.", nameof(header));
            }

            iv.CopyTo(destination[at..]);
            at += iv.Length;
            at += cipher.AesEncrypt(plain.AsSpan(start, plainLength), iv, destination[at..]);
        }
        else
        {
            cipher.BlowfishEncrypt(plain, start, plainLength);
            plain.AsSpan(start, plainLength).CopyTo(destination[at..]);
            at += plainLength;
        }

        written = at;
        return true;
    }
}
