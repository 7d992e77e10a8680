using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// AES-256-CBC decryption with the processor's AES instructions (x86 AES-NI) and the key schedule expanded once. The
/// OpenSSL path costs a P/Invoke, an error-queue clear and a context update per datagram, about as much as decrypting
/// a 143-byte event itself; here a datagram costs its 14 rounds per block. Read-only after construction: safe to use
/// from several threads. Only where <see cref="IsSupported"/>; elsewhere <see cref="AgentCipher"/> keeps OpenSSL.
/// </summary>
internal sealed class AesNiDecryptor
{
    private const int Rounds = 14;

    // Decryption round keys in the order they are applied (the equivalent inverse cipher of FIPS-197 §5.3.5).
    private readonly Vector128<byte>[] _keys = new Vector128<byte>[Rounds + 1];

    /// <summary>Expands a 32-byte key.</summary>
    public AesNiDecryptor(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key.", nameof(key));
        }

        Span<Vector128<byte>> encrypt = stackalloc Vector128<byte>[Rounds + 1];
        Expand(key, encrypt);
        _keys[0] = encrypt[Rounds];
        for (var i = 1; i < Rounds; i++)
        {
            _keys[i] = X86Aes.InverseMixColumns(encrypt[Rounds - i]);
        }

        _keys[Rounds] = encrypt[0];
    }

    /// <summary>Whether this processor has the instructions (checked once by the JIT or at start-up).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>
    /// CBC-decrypts <paramref name="cipher"/> (a multiple of 16 bytes) into <paramref name="destination"/> (as long at
    /// least) with <paramref name="iv"/> (16 bytes). No padding is removed.
    /// </summary>
    public void DecryptCbc(ReadOnlySpan<byte> cipher, ReadOnlySpan<byte> iv, Span<byte> destination)
    {
        if (cipher.Length % 16 != 0 || iv.Length != 16 || destination.Length < cipher.Length)
        {
            throw new ArgumentException("Whole 16-byte blocks, a 16-byte IV and room for the plain text are needed.", nameof(cipher));
        }

        var keys = _keys;
        var previous = Vector128.Create(iv);
        ref var source = ref MemoryMarshal.GetReference(cipher);
        ref var target = ref MemoryMarshal.GetReference(destination);
        for (var at = 0; at < cipher.Length; at += 16)
        {
            var block = Vector128.LoadUnsafe(ref source, (nuint)at);
            var state = block ^ keys[0];
            for (var round = 1; round < Rounds; round++)
            {
                state = X86Aes.Decrypt(state, keys[round]);
            }

            state = X86Aes.DecryptLast(state, keys[Rounds]);
            (state ^ previous).StoreUnsafe(ref target, (nuint)at);
            previous = block;
        }
    }

    // FIPS-197 key expansion for a 256-bit key, as in Intel's AES-NI white paper (KEY_256_ASSIST_1 and _2).
    private static void Expand(ReadOnlySpan<byte> key, Span<Vector128<byte>> schedule)
    {
        var first = Vector128.Create(key[..16]);
        var second = Vector128.Create(key[16..]);
        schedule[0] = first;
        schedule[1] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x01));
        schedule[2] = first;
        second = Assist2(first, second);
        schedule[3] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x02));
        schedule[4] = first;
        second = Assist2(first, second);
        schedule[5] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x04));
        schedule[6] = first;
        second = Assist2(first, second);
        schedule[7] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x08));
        schedule[8] = first;
        second = Assist2(first, second);
        schedule[9] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x10));
        schedule[10] = first;
        second = Assist2(first, second);
        schedule[11] = second;
        first = Assist1(first, X86Aes.KeygenAssist(second, 0x20));
        schedule[12] = first;
        second = Assist2(first, second);
        schedule[13] = second;
        schedule[14] = Assist1(first, X86Aes.KeygenAssist(second, 0x40));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Assist1(Vector128<byte> previous, Vector128<byte> assist)
    {
        var word = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        return SpreadXor(previous) ^ word;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Assist2(Vector128<byte> first, Vector128<byte> previous)
    {
        var word = Sse2.Shuffle(X86Aes.KeygenAssist(first, 0x00).AsInt32(), 0xAA).AsByte();
        return SpreadXor(previous) ^ word;
    }

    // w0, w0^w1, w0^w1^w2, w0^w1^w2^w3: each word of the new key block XORs in the words before it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> SpreadXor(Vector128<byte> value)
    {
        var shifted = Sse2.ShiftLeftLogical128BitLane(value, 4);
        value ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        value ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        return value ^ shifted;
    }
}
