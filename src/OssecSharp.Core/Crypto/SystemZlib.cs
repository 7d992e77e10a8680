using System.Runtime.InteropServices;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// The system zlib (<c>libz.so.1</c>, the library OSSEC itself links) for one-shot <c>compress2</c>/<c>uncompress</c>:
/// about twice as fast as a <c>ZLibStream</c> per small message (no stream objects, no managed buffers), and its
/// level-9 output is byte-identical to OSSEC's. When the library is absent callers fall back to <c>ZLibStream</c>.
/// </summary>
internal static unsafe class SystemZlib
{
    public const int Ok = 0;
    public const int BufferError = -5;
    public const int StreamEnd = 1;
    public const int Finish = 4;

    private static readonly delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int> s_compress2;
    private static readonly delegate* unmanaged<byte*, nuint*, byte*, nuint, int> s_uncompress;
    private static readonly delegate* unmanaged<ZStream*, int, byte*, int, int> s_deflateInit;
    private static readonly delegate* unmanaged<ZStream*, int, int> s_deflate;
    private static readonly delegate* unmanaged<ZStream*, int> s_deflateReset;
    private static readonly delegate* unmanaged<ZStream*, int> s_deflateEnd;
    private static readonly delegate* unmanaged<ZStream*, byte*, int, int> s_inflateInit;
    private static readonly delegate* unmanaged<ZStream*, int, int> s_inflate;
    private static readonly delegate* unmanaged<ZStream*, int> s_inflateReset;
    private static readonly delegate* unmanaged<ZStream*, int> s_inflateEnd;
    private static readonly byte* s_versionPointer;
    private static readonly string? s_version;

#pragma warning disable CA1810 // the exports are looked up once; a static constructor keeps both fields readonly
    static SystemZlib()
#pragma warning restore CA1810
    {
        // uLong is 64-bit on LP64 Unix only; elsewhere keep to the managed implementation.
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8 || !NativeLibrary.TryLoad("libz.so.1", out var library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "compress2", out var compress)
            && NativeLibrary.TryGetExport(library, "uncompress", out var uncompress))
        {
            s_compress2 = (delegate* unmanaged<byte*, nuint*, byte*, nuint, int, int>)compress;
            s_uncompress = (delegate* unmanaged<byte*, nuint*, byte*, nuint, int>)uncompress;
            if (NativeLibrary.TryGetExport(library, "zlibVersion", out var version))
            {
                s_versionPointer = (byte*)((delegate* unmanaged<nint>)version)();
                s_version = Marshal.PtrToStringAnsi((nint)s_versionPointer);
            }

            if (s_versionPointer != null
                && NativeLibrary.TryGetExport(library, "deflateInit_", out var init)
                && NativeLibrary.TryGetExport(library, "deflate", out var deflate)
                && NativeLibrary.TryGetExport(library, "deflateReset", out var reset)
                && NativeLibrary.TryGetExport(library, "deflateEnd", out var end))
            {
                s_deflateInit = (delegate* unmanaged<ZStream*, int, byte*, int, int>)init;
                s_deflate = (delegate* unmanaged<ZStream*, int, int>)deflate;
                s_deflateReset = (delegate* unmanaged<ZStream*, int>)reset;
                s_deflateEnd = (delegate* unmanaged<ZStream*, int>)end;
            }

            if (s_versionPointer != null
                && NativeLibrary.TryGetExport(library, "inflateInit_", out var inflateInit)
                && NativeLibrary.TryGetExport(library, "inflate", out var inflate)
                && NativeLibrary.TryGetExport(library, "inflateReset", out var inflateReset)
                && NativeLibrary.TryGetExport(library, "inflateEnd", out var inflateEnd))
            {
                s_inflateInit = (delegate* unmanaged<ZStream*, byte*, int, int>)inflateInit;
                s_inflate = (delegate* unmanaged<ZStream*, int, int>)inflate;
                s_inflateReset = (delegate* unmanaged<ZStream*, int>)inflateReset;
                s_inflateEnd = (delegate* unmanaged<ZStream*, int>)inflateEnd;
            }
        }
    }

    public static bool IsAvailable => s_uncompress != null;

    /// <summary>True when a deflate stream can be kept and reset between messages (see <see cref="MessageDeflater"/>).</summary>
    public static bool CanReuseDeflate => s_deflateEnd != null;

    /// <summary>True when an inflate stream can be kept and reset between messages (see <see cref="MessageInflater"/>).</summary>
    public static bool CanReuseInflate => s_inflateEnd != null;

    /// <summary><c>zlibVersion()</c> of the loaded library (e.g. <c>1.2.13</c>), or null.</summary>
    public static string? Version => s_version;

    /// <summary>zlib <c>compress2</c>; returns the zlib status and the compressed length.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level, out int written)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            var length = (nuint)destination.Length;
            var status = s_compress2(dst, &length, src, (nuint)source.Length, level);
            written = (int)length;
            return status;
        }
    }

    /// <summary>
    /// zlib <c>uncompress</c>: Z_OK when the stream ended (trailing bytes ignored), Z_BUF_ERROR only when the
    /// destination filled up, another negative value when the data is not a valid zlib stream.
    /// </summary>
    public static int Uncompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            var length = (nuint)destination.Length;
            var status = s_uncompress(dst, &length, src, (nuint)source.Length);
            written = (int)length;
            return status;
        }
    }

    /// <summary><c>deflateInit(strm, level)</c> on a zeroed, pinned stream.</summary>
    public static int DeflateInit(ZStream* stream, int level) => s_deflateInit(stream, level, s_versionPointer, sizeof(ZStream));

    /// <summary><c>deflate(strm, flush)</c>.</summary>
    public static int Deflate(ZStream* stream, int flush) => s_deflate(stream, flush);

    /// <summary><c>deflateReset(strm)</c>: as a new stream with the same parameters, without reallocating.</summary>
    public static int DeflateReset(ZStream* stream) => s_deflateReset(stream);

    /// <summary><c>deflateEnd(strm)</c>: frees zlib's state.</summary>
    public static int DeflateEnd(ZStream* stream) => s_deflateEnd(stream);

    /// <summary><c>inflateInit(strm)</c> on a zeroed, pinned stream.</summary>
    public static int InflateInit(ZStream* stream) => s_inflateInit(stream, s_versionPointer, sizeof(ZStream));

    /// <summary><c>inflate(strm, flush)</c>.</summary>
    public static int Inflate(ZStream* stream, int flush) => s_inflate(stream, flush);

    /// <summary><c>inflateReset(strm)</c>: as a new stream, without reallocating the window.</summary>
    public static int InflateReset(ZStream* stream) => s_inflateReset(stream);

    /// <summary><c>inflateEnd(strm)</c>: frees zlib's state.</summary>
    public static int InflateEnd(ZStream* stream) => s_inflateEnd(stream);
}
