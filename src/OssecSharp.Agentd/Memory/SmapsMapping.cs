namespace OssecSharp.Agentd.Memory;

/// <summary>
/// One mapping of <c>/proc/self/smaps</c>, as <see cref="ResidentSetTrim"/> reads it. <paramref name="Trimmable"/>:
/// a private, read-only mapping of a file; <paramref name="HasPrivatePages"/>: some page is anonymous (copied on
/// write, e.g. relocations before RELRO made them read-only), swapped or locked, so it is not the file's.
/// </summary>
internal readonly record struct SmapsMapping(ulong Start, ulong End, bool Trimmable, long RssKilobytes, bool HasPrivatePages)
{
    /// <summary>Every resident page is an unchanged page of the file: dropping it loses nothing.</summary>
    public bool CanDrop => Trimmable && !HasPrivatePages && RssKilobytes > 0;
}
