using Microsoft.Win32.SafeHandles;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Reads a whole file together with the stamp of the very file opened (fstat on the handle), without locking. A file
/// cut while being read yields what was there and a default stamp, so the next look reads it again. A last line without
/// newline may be an append still being copied in: when the file's stamp moved meanwhile, it is read again (a
/// hand-edited file without final newline keeps its stamp and is read as it is).
/// </summary>
internal static class StampedFileRead
{
    private const int Attempts = 4;

    /// <summary>The bytes and stamp of <paramref name="path"/>, or null when it does not exist.</summary>
    public static (byte[] Bytes, KeyFileStamp Stamp)? Read(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = ReadOnce(path);
            if (read is not var (bytes, stamp) || bytes.Length == 0 || bytes[^1] == (byte)'\n' || attempt == Attempts
                || KeyFileStamp.Of(path) == stamp)
            {
                return read;
            }
        }
    }

    /// <summary>
    /// The file's bytes from the start to the length it had when asked; <c>Cut</c> when it ended sooner (shortened
    /// meanwhile by a writer that does not lock, such as a hand edit): then what is there.
    /// </summary>
    public static (byte[] Bytes, bool Cut) ReadWhole(SafeFileHandle handle)
    {
        var bytes = new byte[RandomAccess.GetLength(handle)];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                Array.Resize(ref bytes, read);
                return (bytes, true);
            }

            read += n;
        }

        return (bytes, false);
    }

    private static (byte[] Bytes, KeyFileStamp Stamp)? ReadOnce(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var stamp = KeyFileStamp.Of(handle, path);
            var (bytes, cut) = ReadWhole(handle);
            return (bytes, cut ? default : stamp);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
