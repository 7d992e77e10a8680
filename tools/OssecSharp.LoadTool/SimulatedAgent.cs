using System.Security.Cryptography;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;

namespace OssecSharp.LoadTool;

/// <summary>One simulated agent: its key, cipher and own sender counters.</summary>
internal sealed class SimulatedAgent
{
    private uint _global;
    private uint _local;

    public SimulatedAgent(KeyEntry entry, bool aes, uint startGlobal)
    {
        Entry = entry;
        Cipher = new AgentCipher(DerivedKey.Compute(entry.Id, entry.Name, entry.Key));
        Method = aes ? CryptoMethod.Aes : CryptoMethod.Blowfish;
        _global = startGlobal;
    }

    public KeyEntry Entry { get; }

    public AgentCipher Cipher { get; }

    public CryptoMethod Method { get; }

    /// <summary>Encodes one payload with the next counters (OSSEC arithmetic: local 1…9997 then global + 1).</summary>
    public byte[] Encode(ReadOnlySpan<byte> payload)
    {
        if (_local >= 9997)
        {
            _local = 0;
            _global++;
        }

        _local++;
        var iv = Method == CryptoMethod.Aes ? RandomNumberGenerator.GetBytes(16) : null;
        var header = new SecureMessageHeader(
            Method, _global, _local, (ushort)Random.Shared.Next(65536), iv, Entry.IsSingleHost ? null : Entry.Id);
        return SecureMessageCodec.Encode(Cipher, payload, header);
    }
}
