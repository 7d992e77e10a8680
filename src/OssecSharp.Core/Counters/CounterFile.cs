using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Counters;

/// <summary>
/// One <c>queue/rids</c> file kept open as OSSEC keeps its <c>FILE*</c>: read once, rewritten from offset 0 without
/// truncation (so an older longer value may leave a tail, e.g. <c>8:1:97:</c>), and reopened when the path no
/// longer names the open file (deleted or replaced), which is how 4.x notices an operator's reset.
/// </summary>
internal sealed class CounterFile : IDisposable
{
    private FileStream _stream;

    // Device and inode of the open file (statx of the descriptor), null where statx is not available.
    private (ulong Device, ulong Inode)? _identity;

    public CounterFile(string path)
    {
        Path = path;
        _stream = Open(path);
        _identity = IdentityOf(_stream);
    }

    public string Path { get; }

    /// <summary>Reads the current content (0:0 when empty or unparsable).</summary>
    public MessageCounter Read()
    {
        Span<byte> buffer = stackalloc byte[64];
        _stream.Position = 0;
        var total = 0;
        int read;
        while (total < buffer.Length && (read = _stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        return MessageCounter.Parse(buffer[..total]);
    }

    /// <summary>Writes <c>G:L:</c> at offset 0 without truncating, then flushes to the kernel (OSSEC: fflush).</summary>
    public void Write(MessageCounter value)
    {
        Span<byte> text = stackalloc byte[MessageCounter.MaxTextLength];
        var length = value.Format(text);
        _stream.Position = 0;
        _stream.Write(text[..length]);
        _stream.Flush();
    }

    /// <summary>Empties the file (an empty file reads as 0:0).</summary>
    public void Truncate()
    {
        _stream.SetLength(0);
        _stream.Flush();
    }

    /// <summary>
    /// True when the path was deleted or now names another file (4.x compares inodes). Then the file is reopened —
    /// created empty when missing — so the next <see cref="Read"/> sees what the operator left.
    /// </summary>
    public bool ReopenIfReplaced()
    {
        if (!IsReplaced())
        {
            return false;
        }

        _stream.Dispose();
        _stream = Open(Path);
        _identity = IdentityOf(_stream);
        return true;
    }

    public void Dispose() => _stream.Dispose();

    private bool IsReplaced()
    {
        // The sender checks before every datagram: one statx of the path against the descriptor's device and inode
        // (4.x's stat/fstat comparison) rather than an existence check, a readlink and a string per message.
        if (_identity is { } open)
        {
            return !Libc.TryStatx(Path, out var now) || now.Device != open.Device || now.Inode != open.Inode;
        }

        if (!File.Exists(Path))
        {
            return true;
        }

        // Linux: the descriptor's link names the file with " (deleted)" once it was unlinked or renamed over.
        var fd = _stream.SafeFileHandle.DangerousGetHandle().ToInt64();
        var link = $"/proc/self/fd/{fd}";
        try
        {
            var target = File.ResolveLinkTarget(link, returnFinalTarget: false);
            return target is not null && target.FullName.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (ulong Device, ulong Inode)? IdentityOf(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        return Libc.TryFstatx(fd, out var stat) ? (stat.Device, stat.Inode) : null;
    }

    private static FileStream Open(string path)
    {
        var created = !File.Exists(path);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

        // A daemon opens its counters before it drops to its account (remoted: ossecr): a file root creates takes the
        // owner of queue/rids, so the daemon can still replace or reopen it after the drop, as in OSSEC's layout.
        if (created && OperatingSystem.IsLinux())
        {
            Libc.GiveFolderOwner((int)stream.SafeFileHandle.DangerousGetHandle(), path);
        }

        return stream;
    }
}
