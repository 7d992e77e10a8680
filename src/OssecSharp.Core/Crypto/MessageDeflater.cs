using System.Runtime.InteropServices;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// One zlib deflate stream at level 9 kept for the life of a sender and reset between messages. <c>compress2</c>
/// (what <see cref="MessageCompression.Compress"/> calls, and OSSEC too) allocates and frees about 256 KiB of zlib
/// state per message, which glibc hands back to the kernel each time; <c>deflateReset</c> keeps it. The output is
/// byte-identical to <c>compress2</c>'s. Not thread-safe: one per sending loop. Falls back to
/// <see cref="MessageCompression.Compress"/> where the system zlib is not available.
/// </summary>
internal sealed unsafe class MessageDeflater : IDisposable
{
    private const int Level = 9;

    private ZStream* _stream;
    private bool _disposed;

    public MessageDeflater()
    {
        if (!SystemZlib.CanReuseDeflate)
        {
            return;
        }

        var stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        if (SystemZlib.DeflateInit(stream, Level) != SystemZlib.Ok)
        {
            NativeMemory.Free(stream);
            return;
        }

        _stream = stream;
    }

    /// <summary>True when the native stream is in use (false: each call falls back to a one-shot compressor).</summary>
    public bool IsNative => _stream != null;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> from <paramref name="offset"/>.</summary>
    public int Compress(ReadOnlySpan<byte> source, byte[] destination, int offset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var output = destination.AsSpan(offset);
        if (_stream == null || SystemZlib.DeflateReset(_stream) != SystemZlib.Ok)
        {
            return MessageCompression.Compress(source, destination, offset);
        }

        fixed (byte* src = source)
        fixed (byte* dst = output)
        {
            _stream->NextIn = (nint)src;
            _stream->AvailIn = (uint)source.Length;
            _stream->NextOut = (nint)dst;
            _stream->AvailOut = (uint)output.Length;
            var status = SystemZlib.Deflate(_stream, SystemZlib.Finish);
            var written = (int)_stream->TotalOut;
            _stream->NextIn = _stream->NextOut = 0;
            if (status == SystemZlib.StreamEnd)
            {
                return written;
            }
        }

        // Only a destination too small gets here (callers size it with MaxCompressedLength).
        return MessageCompression.Compress(source, destination, offset);
    }

    public void Dispose()
    {
        _disposed = true;
        if (_stream != null)
        {
            _ = SystemZlib.DeflateEnd(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }
    }
}
