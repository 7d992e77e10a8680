using System.Text;
using OssecSharp.Core.Interop;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace OssecSharp.Core.Logging;

/// <summary>
/// Appends each event to <c>logs/ossec.log</c> as one whole line with one write(2) on a descriptor opened with
/// O_APPEND, opened per line as OSSEC does: every daemon of an install (possibly as different users) shares the
/// file, lines never tear, and a rotation by rename is followed at the next line.
/// </summary>
public sealed class OssecLogFileSink : ILogEventSink
{
    private readonly string _path;
    private readonly string _tag;

    /// <summary>Creates the sink for <paramref name="path"/>; <paramref name="tag"/> is the daemon name.</summary>
    public OssecLogFileSink(string path, string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        _path = path;
        _tag = tag;
    }

    /// <summary>Lines that could not be written (missing folder, disk full, permissions).</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    private long _failedWrites;

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        var line = OssecLineFormatter.Format(logEvent, _tag);
        var byteCount = Encoding.UTF8.GetByteCount(line);
        var rented = byteCount <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var buffer = rented is null ? stackalloc byte[byteCount] : rented.AsSpan(0, byteCount);
            Encoding.UTF8.GetBytes(line, buffer);
            var errno = AppendFile.Append(_path, buffer);
            if (errno != 0)
            {
                Interlocked.Increment(ref _failedWrites);
                SelfLog.WriteLine("Cannot append to {0}: errno {1}", _path, errno);
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
