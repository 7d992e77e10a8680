namespace OssecSharp.Remoted;

/// <summary><c>&lt;crypto_accept&gt;</c> of the secure <c>&lt;remote&gt;</c> block (keys-and-crypto.md §6.1 step 4).</summary>
internal enum CryptoAccept
{
    Any,
    Aes,
    Blowfish,
}
