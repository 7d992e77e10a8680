namespace OssecSharp.Core.Crypto;

/// <summary>Everything besides the payload that goes into one datagram (keys-and-crypto.md §9).</summary>
/// <param name="Method">Cipher to use.</param>
/// <param name="Global">Global counter from the sender counter.</param>
/// <param name="Local">Local counter from the sender counter.</param>
/// <param name="Random">16-bit random value (OSSEC: <c>os_random()</c>).</param>
/// <param name="Iv">The 16-byte AES IV (ignored for Blowfish); must be fresh and random per datagram.</param>
/// <param name="AgentId">Agent id for the <c>!id!</c> prefix, or null for none (manager side; single-host agents).</param>
public readonly record struct SecureMessageHeader(
    CryptoMethod Method, uint Global, uint Local, ushort Random, ReadOnlyMemory<byte> Iv, string? AgentId);
