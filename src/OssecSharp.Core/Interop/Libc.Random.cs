using System.Runtime.InteropServices;

namespace OssecSharp.Core.Interop;

/// <summary>getrandom(2): the kernel's CSPRNG without loading OpenSSL.</summary>
public static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);

    /// <summary>
    /// Fills <paramref name="buffer"/> from the kernel's CSPRNG (blocks only until the pool is first seeded, as
    /// /dev/urandom reads do not); false when the call is unavailable, so the caller falls back.
    /// </summary>
    internal static unsafe bool TryGetRandom(Span<byte> buffer)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            fixed (byte* p = buffer)
            {
                var done = 0;
                while (done < buffer.Length)
                {
                    var n = GetRandom(p + done, (nuint)(buffer.Length - done), 0);
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR)
                        {
                            continue;
                        }

                        return false;
                    }

                    done += (int)n;
                }
            }

            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
