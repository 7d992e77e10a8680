using System.Runtime.InteropServices;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// Blowfish-CBC with OSSEC's fixed IV (keys-and-crypto.md §3.1, <c>bf_op.c</c>): the two key schedules, built once.
/// Kept apart from <see cref="AgentCipher"/> so that BouncyCastle is only loaded by a process that uses Blowfish.
/// Thread-safe: the schedules are only read and the CBC chain lives in locals. Ranges are checked by the caller.
/// </summary>
internal sealed class BlowfishCipher
{
    // The same IV for every datagram, both directions.
    private const ulong IvBigEndian = 0xFEDCBA9876543210UL;

    private readonly BlowfishEngine _encrypt = new();
    private readonly BlowfishEngine _decrypt = new();
    private readonly ulong _iv;

    public BlowfishCipher(DerivedKey key)
    {
        var keyParameter = new KeyParameter(key.Bytes.ToArray());
        _encrypt.Init(true, keyParameter);
        _decrypt.Init(false, keyParameter);
        Span<byte> iv = stackalloc byte[AgentCipher.BlowfishBlockSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(iv, IvBigEndian);
        _iv = MemoryMarshal.Read<ulong>(iv);
    }

    public void Encrypt(byte[] buffer, int offset, int count)
    {
        var chain = _iv;
        for (var at = offset; at < offset + count; at += AgentCipher.BlowfishBlockSize)
        {
            var block = buffer.AsSpan(at, AgentCipher.BlowfishBlockSize);
            MemoryMarshal.Write(block, MemoryMarshal.Read<ulong>(block) ^ chain);
            _encrypt.ProcessBlock(buffer, at, buffer, at);
            chain = MemoryMarshal.Read<ulong>(block);
        }
    }

    public void Decrypt(byte[] buffer, int offset, int count)
    {
        var chain = _iv;
        for (var at = offset; at < offset + count; at += AgentCipher.BlowfishBlockSize)
        {
            var block = buffer.AsSpan(at, AgentCipher.BlowfishBlockSize);
            var cipherBlock = MemoryMarshal.Read<ulong>(block);
            _decrypt.ProcessBlock(buffer, at, buffer, at);
            MemoryMarshal.Write(block, MemoryMarshal.Read<ulong>(block) ^ chain);
            chain = cipherBlock;
        }
    }
}
