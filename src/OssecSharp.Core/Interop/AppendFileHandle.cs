namespace OssecSharp.Core.Interop;

/// <summary>
/// A kept-open O_APPEND descriptor for a busy shared append-only file (archives): each <see cref="Append"/> is one
/// write(2) of whole records. The file is reopened by path every <c>reopenInterval</c> so a rotation by rename is
/// followed without a stat per record.
/// </summary>
internal sealed class AppendFileHandle : IDisposable
{
    private readonly string _path;
    private readonly uint _mode;
    private readonly TimeSpan _reopenInterval;
    private int _fd = -1;
    private DateTime _openedAt;

    public AppendFileHandle(string path, TimeSpan reopenInterval, uint mode = 0x1B0 /* 0660 */)
    {
        _path = path;
        _mode = mode;
        _reopenInterval = reopenInterval;
    }

    public string Path => _path;

    /// <summary>Appends; returns 0 or the errno of the failing call (the record is then not written).</summary>
    public int Append(ReadOnlySpan<byte> records)
    {
        if (_fd >= 0 && DateTime.UtcNow - _openedAt > _reopenInterval)
        {
            Close();
        }

        if (_fd < 0)
        {
            _fd = AppendFile.Open(_path, _mode);
            if (_fd < 0)
            {
                var openError = -_fd;
                _fd = -1;
                return openError;
            }

            _openedAt = DateTime.UtcNow;
        }

        var errno = AppendFile.WriteAll(_fd, records);
        if (errno != 0)
        {
            Close();
        }

        return errno;
    }

    public void Close()
    {
        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }

    public void Dispose() => Close();
}
