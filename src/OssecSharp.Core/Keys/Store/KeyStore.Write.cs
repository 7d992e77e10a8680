using Microsoft.Win32.SafeHandles;

namespace OssecSharp.Core.Keys;

/// <summary>Changes under the lock: removal markers written in place, new lines appended, one fsync.</summary>
public sealed partial class KeyStore
{
    private readonly KeyFileLock _lock;

    /// <summary>
    /// Opens client.keys for writing now, creating it (0640) when missing, and keeps the descriptor for every later
    /// change. ossec-authd calls it as root, before it drops to its account.
    /// </summary>
    public void OpenForWriting() => _lock.Open();

    private T Apply<T>(KeyFileLock.Held held, Func<KeyTransaction, T> body)
    {
        var image = LockedImage(held.Handle);
        var tx = new KeyTransaction(image, OneShot);
        var result = body(tx);
        if (tx.HasChanges)
        {
            _image = tx.Render(edit => Write(held.Handle, edit));
        }

        return result;
    }

    // Under the lock the kept descriptor names the file: its bytes, unless the cached image still has its stamp.
    private KeyFileImage LockedImage(SafeFileHandle handle)
    {
        var stamp = KeyFileStamp.Of(handle, FilePath);
        var cached = _image;
        if (cached is not null && cached.Stamp.Exists && cached.Stamp == stamp)
        {
            return cached;
        }

        // A file cut meanwhile by a writer that does not lock (a hand edit) is taken as it is.
        var (bytes, _) = StampedFileRead.ReadWhole(handle);
        var image = KeyFileImage.Read(bytes, KeyFileStamp.Of(handle, FilePath));
        _image = image;
        return image;
    }

    // Markers first (each overwrites the start of one line, same length), then the new lines as one write at the old
    // end, then one fsync: a key is durable before the change returns. A failed append is cut back, so no partial line
    // is left for the next append to glue onto. Returns the stamp of the file as written.
    private KeyFileStamp Write(SafeFileHandle handle, KeyFileEdit edit)
    {
        var bytes = edit.Bytes.AsSpan();
        foreach (var (offset, length) in edit.Patches)
        {
            RandomAccess.Write(handle, bytes.Slice(offset, length), offset);
        }

        if (edit.AppendedLength > 0)
        {
            try
            {
                RandomAccess.Write(handle, bytes[edit.OldLength..], edit.OldLength);
                RandomAccess.FlushToDisk(handle);
            }
            catch
            {
                RandomAccess.SetLength(handle, edit.OldLength);
                throw;
            }
        }
        else
        {
            RandomAccess.FlushToDisk(handle);
        }

        return KeyFileStamp.Of(handle, FilePath);
    }
}
