using System.Globalization;
using Microsoft.Win32.SafeHandles;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// Whole-file replacement: temp file in the same folder, fsync, rename(2) over the target (style B.8). Readers see the
/// old file or the new one, never a torn one. Every whole-file writer uses it: PID and state files, pushed shared
/// files, and client.keys (which also fsyncs the folder, so the rename itself is durable before a key is handed out).
/// </summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, creating it with <paramref name="mode"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode) =>
        Replace(path, content, mode, syncDirectory: false, static _ => 0);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> in exactly <paramref name="mode"/> (not narrowed by
    /// the umask); with <paramref name="syncDirectory"/> the folder is fsynced after the rename. Returns what
    /// <paramref name="inspect"/> reads from the new file's still-open handle (its inode is ours even if someone
    /// replaces the file right after).
    /// </summary>
    public static T Replace<T>(
        string path, ReadOnlySpan<byte> content, UnixFileMode mode, bool syncDirectory, Func<SafeFileHandle, T> inspect)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inspect);
        var temp = string.Create(CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                // A temp file left by a crashed process that had this pid is simply overwritten.
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                UnixCreateMode = mode,
            };
            using var stream = new FileStream(temp, options);
            stream.Write(content);

            // umask may have narrowed the mode; the file's readers (ossec-control, group ossec) rely on it.
            File.SetUnixFileMode(stream.SafeFileHandle, mode);
            stream.Flush(flushToDisk: true);
            File.Move(temp, path, overwrite: true);
            if (syncDirectory)
            {
                Libc.TryFsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }

            return inspect(stream.SafeFileHandle);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
