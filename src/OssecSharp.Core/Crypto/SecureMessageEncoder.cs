using System.Security.Cryptography;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// The per-sender state for <see cref="SecureMessageCodec"/> encoding: a zlib deflate stream and an MD5 context kept
/// for the sender's life, so a datagram costs no native allocation or algorithm look-up (the one-shot paths build and
/// free both per call). Same bytes as the stateless encoder. Not thread-safe: one per sending loop.
/// </summary>
public sealed class SecureMessageEncoder : IDisposable
{
    private readonly MessageDeflater _deflater = new();
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    /// <summary>See <see cref="SecureMessageCodec.TryEncode(AgentCipher, ReadOnlySpan{byte}, in SecureMessageHeader, Span{byte}, out int)"/>.</summary>
    public bool TryEncode(
        AgentCipher cipher, ReadOnlySpan<byte> payload, in SecureMessageHeader header, Span<byte> destination, out int written) =>
        SecureMessageCodec.TryEncode(cipher, payload, header, destination, this, out written);

    /// <summary>zlib level 9 of <paramref name="source"/> into <paramref name="destination"/> from <paramref name="offset"/>.</summary>
    public int Compress(ReadOnlySpan<byte> source, byte[] destination, int offset) => _deflater.Compress(source, destination, offset);

    /// <summary>md5hex of <paramref name="data"/> as 32 ASCII bytes, as <see cref="Md5Hex.Compute"/>.</summary>
    public void Md5Hex(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        _md5.AppendData(data);
        _md5.GetHashAndReset(hash);
        Convert.TryToHexStringLower(hash, destination, out _);
    }

    /// <summary>Frees the native deflate stream and the MD5 context.</summary>
    public void Dispose()
    {
        _md5.Dispose();
        _deflater.Dispose();
    }
}
