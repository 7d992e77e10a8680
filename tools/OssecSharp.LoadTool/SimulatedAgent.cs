using System.Security.Cryptography;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;

namespace OssecSharp.LoadTool;

/// <summary>
/// One simulated agent: its key, cipher and own in-memory sender counters, encoding messages exactly as ossec-agentd
/// does. Used by the load tool and by the integration tests' TestAgent.
/// </summary>
internal sealed class SimulatedAgent : IDisposable
{
    private MessageCounter _counter;

    public SimulatedAgent(KeyEntry entry, CryptoMethod method, uint startGlobal = 0)
    {
        Entry = entry;
        Cipher = new AgentCipher(DerivedKey.Compute(entry.Id, entry.Name, entry.Key));
        Method = method;
        _counter = new MessageCounter(startGlobal, 0);
    }

    public KeyEntry Entry { get; }

    public AgentCipher Cipher { get; }

    public CryptoMethod Method { get; set; }

    /// <summary>Sets the counters; the next message uses local + 1 (with OSSEC's wrap).</summary>
    public void SetCounter(uint global, uint local) => _counter = new MessageCounter(global, local);

    /// <summary>Encodes one payload with the next counters (OSSEC arithmetic: local 1…9997 then global + 1).</summary>
    public byte[] Encode(ReadOnlySpan<byte> payload) => Encode(payload, encoder: null);

    /// <summary>As <see cref="Encode(ReadOnlySpan{byte})"/> with a reused zlib and MD5 state (one per thread).</summary>
    public byte[] Encode(ReadOnlySpan<byte> payload, SecureMessageEncoder? encoder)
    {
        _counter = SenderCounter.Advance(_counter);
        var iv = Method == CryptoMethod.Aes ? RandomNumberGenerator.GetBytes(16) : null;
        var header = new SecureMessageHeader(
            Method, _counter.Global, _counter.Local, (ushort)Random.Shared.Next(65536), iv, Entry.IsSingleHost ? null : Entry.Id);
        if (encoder is null)
        {
            return SecureMessageCodec.Encode(Cipher, payload, header);
        }

        Span<byte> buffer = stackalloc byte[SecureMessageCodec.MaxDatagramLength];
        if (!encoder.TryEncode(Cipher, payload, header, buffer, out var written))
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "Incorrect message size.");
        }

        return buffer[..written].ToArray();
    }

    public void Dispose() => Cipher.Dispose();
}
