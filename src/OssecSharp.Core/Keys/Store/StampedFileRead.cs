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

    private static (byte[] Bytes, KeyFileStamp Stamp)? ReadOnce(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var stamp = KeyFileStamp.Of(handle, path);
            var bytes = new byte[RandomAccess.GetLength(handle)];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0)
                {
                    Array.Resize(ref bytes, read);
                    stamp = default;
                    break;
                }

                read += n;
            }

            return (bytes, stamp);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
