namespace OssecSharp.Remoted.Shared;

/// <summary>One build of the manager's <c>etc/shared</c>: merged.mg bytes and md5, and each file's md5 (old agents).</summary>
internal sealed class SharedSnapshot
{
    public SharedSnapshot(byte[] merged, string mergedMd5, IReadOnlyList<SharedFile> files, string signature, long builtTicks)
    {
        Merged = merged;
        MergedMd5 = mergedMd5;
        Files = files;
        Signature = signature;
        BuiltTicks = builtTicks;
    }

    public static SharedSnapshot Empty { get; } = new([], string.Empty, [], string.Empty, 0);

    public byte[] Merged { get; }

    public string MergedMd5 { get; }

    public IReadOnlyList<SharedFile> Files { get; }

    /// <summary>Names, sizes and mtimes the build was made from (cheap change detection).</summary>
    public string Signature { get; }

    /// <summary><see cref="Environment.TickCount64"/> of the build.</summary>
    public long BuiltTicks { get; }
}
