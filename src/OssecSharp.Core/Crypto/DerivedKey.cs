using System.Text;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// The 47-character symmetric key OSSEC derives from a client.keys entry (keys-and-crypto.md §2):
/// <c>md5hex(key) + first 15 chars of md5hex(md5hex(name) + md5hex(id))</c>. Blowfish uses all 47 ASCII
/// bytes; AES-256 uses the first 32 (which depend on the key field only). The ip field takes no part.
/// </summary>
public sealed class DerivedKey
{
    /// <summary>Length of the derived key in ASCII bytes (the C comment's "48" is wrong).</summary>
    public const int Length = 47;

    /// <summary>Length of the AES-256 key taken from the start of the derived key.</summary>
    public const int AesKeyLength = 32;

    private const int NameIdPartLength = 15;

    private readonly byte[] _bytes;

    private DerivedKey(byte[] bytes) => _bytes = bytes;

    /// <summary>All 47 ASCII bytes: the Blowfish key.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The first 32 ASCII bytes: the AES-256 key.</summary>
    public ReadOnlySpan<byte> AesKey => _bytes.AsSpan(0, AesKeyLength);

    /// <summary>The key as text, as OSSEC keeps it in memory.</summary>
    public string Value => Encoding.ASCII.GetString(_bytes);

    /// <summary>Derives the key from the exact bytes of the id, name and key fields of a client.keys line.</summary>
    public static DerivedKey Compute(ReadOnlySpan<byte> id, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        Span<byte> nameAndId = stackalloc byte[2 * Md5Hex.Length];
        Md5Hex.Compute(name, nameAndId[..Md5Hex.Length]);
        Md5Hex.Compute(id, nameAndId[Md5Hex.Length..]);
        Span<byte> combined = stackalloc byte[Md5Hex.Length];
        Md5Hex.Compute(nameAndId, combined);

        var bytes = new byte[Length];
        Md5Hex.Compute(key, bytes.AsSpan(0, Md5Hex.Length));
        combined[..NameIdPartLength].CopyTo(bytes.AsSpan(Md5Hex.Length));
        return new DerivedKey(bytes);
    }

    /// <summary>
    /// Derives the key from the fields as text, as <c>KeyEntry</c> holds them: client.keys is read as Latin-1 (one
    /// char per byte), so encoding back with Latin-1 gives the exact file bytes (a trailing <c>\r</c> is kept, as
    /// OSSEC keeps it).
    /// </summary>
    public static DerivedKey Compute(string id, string name, string key)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        return Compute(Encoding.Latin1.GetBytes(id), Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(key));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
