using System.Runtime.InteropServices;

namespace OssecSharp.Core.Crypto;

/// <summary>
/// One zlib inflate stream kept for the life of a decrypt worker and reset between messages. <c>uncompress</c> (what
/// <see cref="MessageCompression.TryDecompress"/> calls) allocates, clears and frees zlib's state and its 32 KiB window
/// for every message; <c>inflateReset</c> keeps them. Same results as <see cref="MessageCompression.TryDecompress"/>:
/// trailing bytes after the stream are ignored, a stream that fills the limit is too large, anything else that does
/// not end is a failure. Not thread-safe: one per worker. Falls back to the one-shot path where the system zlib is
/// not available.
/// </summary>
public sealed unsafe class MessageInflater : IDisposable
{
    private ZStream* _stream;
    private bool _disposed;

    /// <summary>Sets up the stream (or nothing, when only the one-shot path is available).</summary>
    public MessageInflater()
    {
        if (!SystemZlib.CanReuseInflate)
        {
            return;
        }

        var stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        if (SystemZlib.InflateInit(stream) != SystemZlib.Ok)
        {
            NativeMemory.Free(stream);
            return;
        }

        _stream = stream;
    }

    /// <summary>As <see cref="MessageCompression.TryDecompress"/>.</summary>
    public DecodeStatus TryDecompress(byte[] source, int offset, int count, Span<byte> destination, int limit, out int written)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream == null || SystemZlib.InflateReset(_stream) != SystemZlib.Ok)
        {
            return MessageCompression.TryDecompress(source, offset, count, destination, limit, out written);
        }

        var window = destination[..(limit + 1)];
        int status;
        fixed (byte* src = source.AsSpan(offset, count))
        fixed (byte* dst = window)
        {
            _stream->NextIn = (nint)src;
            _stream->AvailIn = (uint)count;
            _stream->NextOut = (nint)dst;
            _stream->AvailOut = (uint)window.Length;
            status = SystemZlib.Inflate(_stream, SystemZlib.Finish);
            written = window.Length - (int)_stream->AvailOut;
            _stream->NextIn = _stream->NextOut = 0;
        }

        if (status == SystemZlib.StreamEnd)
        {
            return written > limit ? DecodeStatus.TooLarge : written > 0 ? DecodeStatus.Ok : DecodeStatus.DecompressFailed;
        }

        // Not ended: a full window means more than the limit (uncompress's Z_BUF_ERROR), else the data is bad.
        return written == window.Length ? DecodeStatus.TooLarge : DecodeStatus.DecompressFailed;
    }

    /// <summary>Frees zlib's state.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_stream != null)
        {
            _ = SystemZlib.InflateEnd(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }
    }
}
