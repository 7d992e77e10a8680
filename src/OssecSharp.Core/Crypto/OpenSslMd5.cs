using System.Runtime.InteropServices;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// OpenSSL's low-level MD5 (<c>MD5_Init</c>, <c>MD5_Update</c>, <c>MD5_Final</c> of <c>libcrypto.so.3</c>, the library
/// .NET itself uses on Linux) on a context on the stack. <c>MD5.HashData</c> goes through EVP: a context allocated,
/// the algorithm fetched, the error queue cleared and the context freed for every message, about as much as hashing
/// a 200-byte message itself, once per datagram in remoted. Callers fall back to <c>MD5.HashData</c> where the
/// library or its exports are missing.
/// </summary>
internal static unsafe class OpenSslMd5
{
    public const int HashLength = 16;

    // MD5_CTX is 92 bytes on every platform OpenSSL 3 supports; room to spare.
    private const int ContextLength = 128;

    private static readonly delegate* unmanaged<byte*, int> s_init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged<byte*, byte*, int> s_final;

#pragma warning disable CA1810 // the exports are looked up once; a static constructor keeps the fields readonly
    static OpenSslMd5()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "MD5_Init", out var init)
            && NativeLibrary.TryGetExport(library, "MD5_Update", out var update)
            && NativeLibrary.TryGetExport(library, "MD5_Final", out var final))
        {
            s_init = (delegate* unmanaged<byte*, int>)init;
            s_update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
            s_final = (delegate* unmanaged<byte*, byte*, int>)final;
        }
    }

    public static bool IsAvailable => s_final != null;

    /// <summary>MD5 of <paramref name="data"/> into the first 16 bytes of <paramref name="hash"/>; false when it failed.</summary>
    public static bool TryHash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (hash.Length < HashLength)
        {
            throw new ArgumentException("The hash needs 16 bytes.", nameof(hash));
        }

        var context = stackalloc byte[ContextLength];
        fixed (byte* source = data)
        fixed (byte* target = hash)
        {
            return s_init(context) == 1 && s_update(context, source, (nuint)data.Length) == 1 && s_final(target, context) == 1;
        }
    }
}
