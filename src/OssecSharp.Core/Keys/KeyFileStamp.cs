namespace OssecSharp.Core.Keys;

/// <summary>
/// A cheap identity of client.keys for change detection: existence, size, mtime (100 ns resolution, unlike
/// OSSEC's 1 s) and creation time, which changes with every atomic rewrite because rename brings a new inode.
/// </summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteTicks">mtime in UTC ticks.</param>
/// <param name="CreationTicks">Birth (or status-change) time in UTC ticks.</param>
public readonly record struct KeyFileStamp(bool Exists, long Length, long LastWriteTicks, long CreationTicks)
{
    /// <summary>Reads the stamp of <paramref name="path"/> (one stat call).</summary>
    public static KeyFileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? new KeyFileStamp(true, info.Length, info.LastWriteTimeUtc.Ticks, info.CreationTimeUtc.Ticks)
            : default;
    }
}
