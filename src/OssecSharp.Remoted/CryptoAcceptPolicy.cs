namespace OssecSharp.Remoted;

/// <summary><c>&lt;crypto_accept&gt;</c> of a secure listener (keys-and-crypto.md §6.1 step 4).</summary>
internal enum CryptoAcceptPolicy
{
    /// <summary><c>any</c> or <c>both</c> (default): accept Blowfish and AES datagrams.</summary>
    Any,

    /// <summary><c>blowfish</c>: drop datagrams starting with <c>#AES:</c>.</summary>
    BlowfishOnly,

    /// <summary><c>aes</c>: drop datagrams not starting with <c>#AES:</c>.</summary>
    AesOnly,
}
