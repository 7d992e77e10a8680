using System.Globalization;
using OssecSharp.Core.Interop;

namespace OssecSharp.Agentd.Memory;

/// <summary>
/// Drops from the resident set the file-backed pages that start-up touched and the steady state does not use: the
/// code and read-only data of configuration parsing, key loading and the handshake, in this program and in the
/// libraries it loaded (OpenSSL's initialisation alone maps ~2 MB of libcrypto). Only read-only private mappings
/// with no anonymous (copied-on-write), swapped or locked page are trimmed, so every dropped page is an unchanged
/// page of its file, still in the page cache: the next use maps it again, as after the kernel's own reclaim.
/// Linux only. <c>/proc/self/smaps</c> is parsed as bytes through one small buffer: strings for its thousands of
/// lines would grow the heap by more than the trim saves.
/// </summary>
internal static class ResidentSetTrim
{
    private const string SmapsPath = "/proc/self/smaps";

    /// <summary>Trims once; returns the kilobytes that were resident in the trimmed mappings (0 where unsupported).</summary>
    public static long Run()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        List<SmapsMapping> mappings;
        try
        {
            mappings = Read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        long trimmed = 0;
        foreach (var mapping in mappings)
        {
            if (mapping.CanDrop && Libc.Madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), Libc.MADV_DONTNEED) == 0)
            {
                trimmed += mapping.RssKilobytes;
            }
        }

        return trimmed;
    }

    /// <summary>The mappings of <c>/proc/self/smaps</c> (or a file in its format) with the fields the trim needs.</summary>
    internal static List<SmapsMapping> Read(string path = SmapsPath)
    {
        var mappings = new List<SmapsMapping>();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[8 * 1024];
        var filled = 0;
        while (true)
        {
            var read = file.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                Parse(buffer.AsSpan(start, newline), mappings);
                start += newline + 1;
            }

            if (read == 0)
            {
                if (start < filled)
                {
                    Parse(buffer.AsSpan(start, filled - start), mappings);
                }

                return mappings;
            }

            if (start == 0 && filled == buffer.Length)
            {
                // A line longer than the buffer (a path of several kilobytes): its mapping is left alone.
                if (mappings.Count > 0)
                {
                    mappings[^1] = mappings[^1] with { Trimmable = false };
                }

                filled = 0;
                continue;
            }

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
        }
    }

    /// <summary>One line: a mapping's header (<c>start-end perms offset dev inode path</c>) or one of its fields.</summary>
    private static void Parse(ReadOnlySpan<byte> line, List<SmapsMapping> mappings)
    {
        var colon = line.IndexOf((byte)':');
        var space = line.IndexOf((byte)' ');
        if (colon > 0 && (space < 0 || colon < space))
        {
            if (mappings.Count > 0)
            {
                mappings[^1] = WithField(mappings[^1], line[..colon], line[(colon + 1)..]);
            }

            return;
        }

        if (TryParseHeader(line, out var mapping))
        {
            mappings.Add(mapping);
        }
    }

    private static bool TryParseHeader(ReadOnlySpan<byte> line, out SmapsMapping mapping)
    {
        mapping = default;
        var rest = line;
        var range = NextField(ref rest);
        var perms = NextField(ref rest);
        _ = NextField(ref rest); // offset
        _ = NextField(ref rest); // device
        if (NextField(ref rest).IsEmpty)
        {
            return false;
        }

        var dash = range.IndexOf((byte)'-');
        if (dash < 0 || perms.Length != 4
            || !ulong.TryParse(range[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(range[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
        {
            return false;
        }

        // The path is everything after the inode (it may hold spaces).
        var path = rest.Trim((byte)' ');
        var trimmable = perms[1] == (byte)'-' && perms[3] == (byte)'p'
            && path.Length > 0 && path[0] == (byte)'/' && !path.EndsWith("(deleted)"u8);
        mapping = new SmapsMapping(start, end, trimmable, 0, false);
        return true;
    }

    /// <summary>The next space-separated field of <paramref name="rest"/>, which moves past it.</summary>
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart((byte)' ');
        var space = rest.IndexOf((byte)' ');
        var field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[space..];
        return field;
    }

    private static SmapsMapping WithField(SmapsMapping mapping, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        value = value.Trim((byte)' ');
        if (!value.EndsWith(" kB"u8)
            || !long.TryParse(value[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
        {
            return mapping;
        }

        if (name.SequenceEqual("Rss"u8))
        {
            return mapping with { RssKilobytes = kilobytes };
        }

        return kilobytes != 0 && (name.SequenceEqual("Anonymous"u8) || name.SequenceEqual("Swap"u8) || name.SequenceEqual("Locked"u8))
            ? mapping with { HasPrivatePages = true }
            : mapping;
    }
}
