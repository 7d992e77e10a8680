using System.Security.Cryptography;

namespace OssecSharp.Core.Keys;

/// <summary>Generates agent keys: 64 lowercase hex characters from the OS CSPRNG (same shape as OSSEC 4.x).</summary>
public static class KeyGenerator
{
    /// <summary>A new random key.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(AgentNameRules.KeyLength / 2));
}
