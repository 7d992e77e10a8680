using System.Security.Cryptography;

namespace OssecSharp.Core.Keys;

/// <summary>Generates agent keys: 64 lowercase hex characters from the OS CSPRNG (same shape as OSSEC 4.x).</summary>
internal static class KeyGenerator
{
    /// <summary>A new random key.</summary>
    public static string NewKey()
    {
        // getrandom(2) directly on Linux: RandomNumberGenerator initialises OpenSSL first, about 10 ms of a
        // one-shot manage_agents -a. Both are the kernel's CSPRNG in the end.
        Span<byte> bytes = stackalloc byte[AgentNameRules.KeyLength / 2];
        if (!Interop.Libc.TryGetRandom(bytes))
        {
            RandomNumberGenerator.Fill(bytes);
        }

        return Convert.ToHexStringLower(bytes);
    }
}
