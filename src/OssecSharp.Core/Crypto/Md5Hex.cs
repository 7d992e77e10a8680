using System.Security.Cryptography;

namespace OssecSharp.Core.Crypto;

/// <summary>MD5 rendered as 32 lowercase ASCII hex characters, as OSSEC's <c>OS_MD5_Str</c> produces it.</summary>
internal static class Md5Hex
{
    public const int Length = 32;

    /// <summary>Writes md5hex(<paramref name="data"/>) as 32 ASCII bytes into <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(data, hash);
        Convert.TryToHexStringLower(hash, destination, out _);
    }
}
