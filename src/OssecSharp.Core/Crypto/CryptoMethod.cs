namespace OssecSharp.Core.Crypto;

/// <summary>Cipher of the secure channel (keys-and-crypto.md §3).</summary>
public enum CryptoMethod
{
    /// <summary>Blowfish-CBC with the fixed IV; wire prefix <c>:</c>. Understood by every OSSEC version.</summary>
    Blowfish,

    /// <summary>AES-256-CBC with a random IV per datagram; wire prefix <c>#AES:</c>. OSSEC 4.0 and later.</summary>
    Aes,
}
