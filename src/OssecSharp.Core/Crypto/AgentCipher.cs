using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// Per-agent cipher state built once from a <see cref="DerivedKey"/>: two Blowfish key schedules (encrypt and decrypt)
/// and a reusable AES-256 instance. OSSEC rebuilds the Blowfish schedule for every datagram; caching it is where most
/// of the speed-up comes from.
/// </summary>
/// <remarks>
/// Thread-safety: the Blowfish methods only read the key schedule and keep the CBC chain in locals, so they may run
/// concurrently. The AES methods are serialised by a private lock (uncontended in practice: remoted decodes on one
/// loop and agentd encodes on one).
/// </remarks>
public sealed class AgentCipher : IDisposable
{
    /// <summary>Blowfish block size in bytes.</summary>
    public const int BlowfishBlockSize = 8;

    /// <summary>AES block size, also the length of the IV sent in clear.</summary>
    public const int AesBlockSize = 16;

    // Built on first use: an AES-only process (most agents) then never loads BouncyCastle (about 2 MB resident).
    private BlowfishCipher? _blowfish;
    private readonly Aes _aes;
    private readonly ICryptoTransform _aesEcbDecryptor;
    private readonly ICryptoTransform _aesEcbEncryptor;
    private readonly Lock _aesLock = new();

    /// <summary>Builds the key schedules for <paramref name="key"/>.</summary>
    public AgentCipher(DerivedKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _aes = Aes.Create();
        _aes.Key = key.AesKey.ToArray();
        // CBC decryption is ECB decryption XORed with the previous ciphertext block. An ECB transform has no chaining
        // state, so one instance serves every datagram; the one-shot DecryptCbc builds a native context per call.
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aesEcbDecryptor = _aes.CreateDecryptor();
        _aesEcbEncryptor = _aes.CreateEncryptor();
    }

    /// <summary>The key this cipher was built from.</summary>
    public DerivedKey Key { get; }

    /// <summary>Blowfish-CBC encrypts <paramref name="count"/> bytes of <paramref name="buffer"/> in place (fixed IV).</summary>
    /// <exception cref="ArgumentException">The count is not a multiple of 8.</exception>
    public void BlowfishEncrypt(byte[] buffer, int offset, int count)
    {
        CheckBlowfishRange(buffer, offset, count);
        Blowfish.Encrypt(buffer, offset, count);
    }

    /// <summary>Blowfish-CBC decrypts <paramref name="count"/> bytes of <paramref name="buffer"/> in place (fixed IV).</summary>
    /// <exception cref="ArgumentException">The count is not a multiple of 8.</exception>
    public void BlowfishDecrypt(byte[] buffer, int offset, int count)
    {
        CheckBlowfishRange(buffer, offset, count);
        Blowfish.Decrypt(buffer, offset, count);
    }

    /// <summary>Length of the AES-CBC/PKCS#7 ciphertext of <paramref name="plainLength"/> bytes (IV not included).</summary>
    public static int AesCipherLength(int plainLength) => (plainLength / AesBlockSize + 1) * AesBlockSize;

    /// <summary>AES-256-CBC with PKCS#7 padding; returns the number of bytes written (IV not included).</summary>
    /// <remarks>
    /// CBC is chained by hand over one ECB transform kept for the cipher's life: the one-shot <c>EncryptCbc</c> builds
    /// and frees an OpenSSL context (with its provider look-ups) per call, which cost more than encrypting a
    /// datagram. The bytes are the same.
    /// </remarks>
    /// <exception cref="ArgumentException">The IV is not 16 bytes or the destination is too small.</exception>
    public int AesEncrypt(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> iv, Span<byte> destination)
    {
        var length = AesCipherLength(plain.Length);
        if (iv.Length != AesBlockSize || destination.Length < length)
        {
            throw new ArgumentException("The IV must be 16 bytes and the destination hold the padded ciphertext.", nameof(destination));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            plain.CopyTo(buffer);
            var pad = (byte)(length - plain.Length);
            buffer.AsSpan(plain.Length, pad).Fill(pad);
            var chain0 = MemoryMarshal.Read<ulong>(iv);
            var chain1 = MemoryMarshal.Read<ulong>(iv[8..]);
            lock (_aesLock)
            {
                for (var at = 0; at < length; at += AesBlockSize)
                {
                    var block = buffer.AsSpan(at, AesBlockSize);
                    MemoryMarshal.Write(block, MemoryMarshal.Read<ulong>(block) ^ chain0);
                    MemoryMarshal.Write(block[8..], MemoryMarshal.Read<ulong>(block[8..]) ^ chain1);
                    _aesEcbEncryptor.TransformBlock(buffer, at, AesBlockSize, buffer, at);
                    chain0 = MemoryMarshal.Read<ulong>(block);
                    chain1 = MemoryMarshal.Read<ulong>(block[8..]);
                }
            }

            buffer.AsSpan(0, length).CopyTo(destination);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// AES-256-CBC decryption into <paramref name="destination"/>; checks and removes PKCS#7 padding by hand so a wrong
    /// key costs no exception. Returns false when the length is not a positive multiple of 16 or the padding is
    /// invalid (a wrong key).
    /// </summary>
    public bool TryAesDecrypt(ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> iv, byte[] destination, out int written)
    {
        ArgumentNullException.ThrowIfNull(destination);
        written = 0;
        if (cipher.IsEmpty || cipher.Length % AesBlockSize != 0 || iv.Length != AesBlockSize || destination.Length < cipher.Length)
        {
            return false;
        }

        var length = cipher.Length;
        cipher.CopyTo(destination);
        lock (_aesLock)
        {
            _aesEcbDecryptor.TransformBlock(destination, 0, length, destination, 0);
        }

        var plain = MemoryMarshal.Cast<byte, ulong>(destination.AsSpan(0, length));
        var previous = MemoryMarshal.Cast<byte, ulong>(iv);
        plain[0] ^= previous[0];
        plain[1] ^= previous[1];
        var chain = MemoryMarshal.Cast<byte, ulong>(cipher[..^AesBlockSize]);
        for (var i = 0; i < chain.Length; i++)
        {
            plain[i + 2] ^= chain[i];
        }

        var pad = destination[length - 1];
        if (pad is 0 or > AesBlockSize || destination.AsSpan(length - pad, pad).ContainsAnyExcept(pad))
        {
            return false;
        }

        written = length - pad;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _aesEcbEncryptor.Dispose();
        _aesEcbDecryptor.Dispose();
        _aes.Dispose();
    }

    private BlowfishCipher Blowfish => LazyInitializer.EnsureInitialized(ref _blowfish, () => new BlowfishCipher(Key));

    private static void CheckBlowfishRange(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (count < 0 || count % BlowfishBlockSize != 0 || offset + count > buffer.Length)
        {
            throw new ArgumentException("Blowfish data must be a multiple of 8 bytes inside the buffer.", nameof(count));
        }
    }
}
