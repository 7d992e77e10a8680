using System.Runtime.InteropServices;

namespace OssecSharp.ManageAgents.Input;

/// <summary>
/// stdin/stdout as plain read(2)/write(2) on the descriptor, as OSSEC's stdio does. FileStream would use
/// pread/pwrite on a regular file (losing the shared offset of <c>&gt; out.txt</c> redirections) and Console
/// would put a terminal into its own line mode; neither is what a C tool does.
/// </summary>
internal sealed partial class DescriptorStream : Stream
{
    private const int EINTR = 4;
    private readonly int _fd;

    public DescriptorStream(int fd)
    {
        _fd = fd;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = SysRead(_fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw new IOException($"read failed (errno {errno})");
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = SysWrite(_fd, in MemoryMarshal.GetReference(buffer), buffer.Length);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                throw new IOException($"write failed (errno {errno})");
            }

            buffer = buffer[(int)n..];
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint SysRead(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint SysWrite(int fd, in byte buffer, nint count);
}
