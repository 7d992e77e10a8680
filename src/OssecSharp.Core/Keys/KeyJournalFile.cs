using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OssecSharp.Core.Keys;

/// <summary>
/// The bytes of client.keys.journal: lines in client.keys format, appended under the store's lock and made durable
/// with fsync before the caller hands a key out; emptied (truncated, fsynced) once client.keys holds them.
/// </summary>
internal static class KeyJournalFile
{
    /// <summary>The journal's bytes up to its last newline (a torn last line is never an acknowledged one), and its stamp.</summary>
    public static (byte[] Bytes, KeyFileStamp Stamp) Read(string path)
    {
        // A journal cut while being read was just folded: what it held is in client.keys now.
        if (StampedFileRead.Read(path) is not var (bytes, stamp))
        {
            return ([], default);
        }

        var complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        return (bytes[..complete], stamp);
    }

    /// <summary>
    /// Appends <paramref name="entries"/> as one write and fsyncs; on failure the journal is cut back to its old length
    /// so no partial line is left behind. Called under the store's lock. Returns the journal's new stamp.
    /// </summary>
    public static KeyFileStamp Append(string path, IReadOnlyList<KeyEntry> entries, UnixFileMode mode)
    {
        var text = new StringBuilder(entries.Count * 100);
        foreach (var entry in entries)
        {
            text.Append(entry.ToLine()).Append('\n');
        }

        var bytes = KeyFileParser.FileEncoding.GetBytes(text.ToString());
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);

        // A torn last line (a crash in the middle of an append) was never acknowledged and no reader counts it; every
        // writer holds the lock, so it cannot be a write in progress. Cut it, or the new first line would be glued
        // onto it and read back as part of the torn one: an acknowledged agent lost.
        var end = CompleteLength(stream.SafeFileHandle, stream.Length);
        try
        {
            if (end != stream.Length)
            {
                stream.SetLength(end);
            }

            if (end == 0 && !OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask; the journal holds keys, so it gets client.keys' mode.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
            }

            stream.Position = end;
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            stream.SetLength(end);
            throw;
        }

        return KeyFileStamp.Of(stream.SafeFileHandle, path);
    }

    // The length of the file up to and including its last newline (0 when it holds none).
    private static long CompleteLength(SafeFileHandle handle, long length)
    {
        Span<byte> chunk = stackalloc byte[4096];

        // The usual case, a complete journal, costs one one-byte read.
        if (length == 0 || (RandomAccess.Read(handle, chunk[..1], length - 1) == 1 && chunk[0] == (byte)'\n'))
        {
            return length;
        }

        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(chunk.Length, end);
            var start = end - size;
            var read = RandomAccess.Read(handle, chunk[..size], start);
            var newline = chunk[..read].LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }

    /// <summary>Empties the journal durably (when it exists); returns its new stamp.</summary>
    public static KeyFileStamp Truncate(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
            if (stream.Length > 0)
            {
                stream.SetLength(0);
                stream.Flush(flushToDisk: true);
            }

            return KeyFileStamp.Of(stream.SafeFileHandle, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return default;
        }
    }
}
