using System.Buffers;
using System.Buffers.Text;

namespace OssecSharp.Core.Crypto;

public static partial class SecureMessageCodec
{
    /// <summary>
    /// Decrypts and verifies a datagram (with or without <c>!id!</c> prefix). The payload is left in
    /// <paramref name="workBuffer"/> (at least <see cref="DecodeWorkBufferLength"/> bytes) and exposed by
    /// <paramref name="message"/>. The replay rule is NOT applied here (see <c>ReplayRule</c>). Never throws on bad input.
    /// </summary>
    /// <param name="datagram">The UDP payload as received.</param>
    /// <param name="cipher">The cipher of the agent the datagram belongs to.</param>
    /// <param name="workBuffer">Scratch space that receives the decompressed message.</param>
    /// <param name="message">The decoded message when the result is <see cref="DecodeStatus.Ok"/>.</param>
    /// <param name="methodOverride">
    /// Agent side: OSSEC's agent decrypts with its configured method whatever the prefix says; null on the manager.
    /// </param>
    public static DecodeStatus TryDecode(
        ReadOnlySpan<byte> datagram,
        AgentCipher cipher,
        Span<byte> workBuffer,
        out DecodedMessage message,
        CryptoMethod? methodOverride = null)
    {
        message = default;
        var status = SecureEnvelope.TryParse(datagram, out var envelope);
        return status != DecodeStatus.Ok ? status : TryDecode(envelope, cipher, workBuffer, out message, methodOverride);
    }

    /// <summary>
    /// As <see cref="TryDecode(ReadOnlySpan{byte}, AgentCipher, Span{byte}, out DecodedMessage, CryptoMethod?)"/> for a
    /// datagram whose envelope the caller has already parsed (remoted parses it once to find the agent).
    /// </summary>
    public static DecodeStatus TryDecode(
        scoped in SecureEnvelope envelope,
        AgentCipher cipher,
        Span<byte> workBuffer,
        out DecodedMessage message,
        CryptoMethod? methodOverride = null) =>
        TryDecode(envelope, cipher, workBuffer, inflater: null, out message, methodOverride);

    /// <summary>
    /// As <see cref="TryDecode(in SecureEnvelope, AgentCipher, Span{byte}, out DecodedMessage, CryptoMethod?)"/> with the
    /// caller's reused zlib state (<paramref name="inflater"/>, one per decrypt worker; null: one-shot).
    /// </summary>
    public static DecodeStatus TryDecode(
        scoped in SecureEnvelope envelope,
        AgentCipher cipher,
        Span<byte> workBuffer,
        MessageInflater? inflater,
        out DecodedMessage message,
        CryptoMethod? methodOverride = null)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        if (workBuffer.Length < DecodeWorkBufferLength)
        {
            throw new ArgumentException($"The work buffer must hold {DecodeWorkBufferLength} bytes.", nameof(workBuffer));
        }

        message = default;
        var method = methodOverride ?? envelope.Method;
        var body = envelope.Body;
        if (!HasValidBodyLength(method, body.Length))
        {
            return DecodeStatus.WrongLength;
        }

        var plain = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            int plainLength;
            if (method == CryptoMethod.Aes)
            {
                var iv = body[..AgentCipher.AesBlockSize];
                if (!cipher.TryAesDecrypt(body[AgentCipher.AesBlockSize..], iv, plain, out plainLength))
                {
                    return DecodeStatus.WrongKey;
                }
            }
            else
            {
                body.CopyTo(plain);
                plainLength = body.Length;
                cipher.BlowfishDecrypt(plain, 0, plainLength);
            }

            var status = Inflate(plain, plainLength, workBuffer, inflater, out var fullLength);
            if (status != DecodeStatus.Ok)
            {
                return status;
            }

            return Verify(workBuffer[..fullLength], envelope.Method, out message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static bool HasValidBodyLength(CryptoMethod method, int length) => method == CryptoMethod.Aes
        ? length >= 2 * AgentCipher.AesBlockSize && length % AgentCipher.AesBlockSize == 0
        : length > 0 && length % AgentCipher.BlowfishBlockSize == 0;

    private static DecodeStatus Inflate(byte[] plain, int plainLength, Span<byte> workBuffer, MessageInflater? inflater, out int fullLength)
    {
        fullLength = 0;
        if (plainLength == 0 || plain[0] != Bang)
        {
            // ':' first is OSSEC 0.x's uncompressed format, never produced since 1.x; anything else is a wrong key.
            return plainLength > 0 && plain[0] == (byte)':' ? DecodeStatus.LegacyFormat : DecodeStatus.WrongKey;
        }

        var start = plain.AsSpan(0, plainLength).IndexOfAnyExcept(Bang);
        if (start < 0)
        {
            return DecodeStatus.DecompressFailed;
        }

        return inflater is not null
            ? inflater.TryDecompress(plain, start, plainLength - start, workBuffer, MaxMessageLength, out fullLength)
            : MessageCompression.TryDecompress(plain, start, plainLength - start, workBuffer, MaxMessageLength, out fullLength);
    }

    private static DecodeStatus Verify(ReadOnlySpan<byte> full, CryptoMethod method, out DecodedMessage message)
    {
        message = default;
        if (full.Length < Md5Hex.Length)
        {
            return DecodeStatus.ChecksumMismatch;
        }

        var inner = full[Md5Hex.Length..];
        Span<byte> md5 = stackalloc byte[Md5Hex.Length];
        Md5Hex.Compute(inner, md5);
        if (!md5.SequenceEqual(full[..Md5Hex.Length]))
        {
            return DecodeStatus.ChecksumMismatch;
        }

        // "%05u%010u:%04u:" — OSSEC checks the ':' after the global counter and reads the payload from offset 21.
        if (inner.Length < HeaderLength || inner[15] != (byte)':'
            || !TryParseDigits(inner.Slice(5, 10), out var global)
            || !TryParseDigits(inner.Slice(16, 4), out var local))
        {
            return DecodeStatus.BadCounterFormat;
        }

        var random = TryParseDigits(inner[..5], out var r) && r <= ushort.MaxValue ? (ushort)r : (ushort)0;
        message = new DecodedMessage(method, random, global, local, inner[HeaderLength..]);
        return DecodeStatus.Ok;
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out uint value) =>
        Utf8Parser.TryParse(digits, out value, out var consumed) && consumed == digits.Length
        && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
}
