using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// merged.mg (channel-control.md §4.1): for each shared file <c>!&lt;size&gt; &lt;name&gt;\n&lt;bytes&gt;</c>. Pure; the
/// caller lists <c>etc/shared</c> (readdir order, without <c>.</c>, <c>..</c> and merged.mg) and writes the files.
/// </summary>
public static class MergedMg
{
    /// <summary>The file's own name, excluded from the merge.</summary>
    public const string FileName = "merged.mg";

    /// <summary>Concatenates the entries in the given order.</summary>
    public static byte[] Build(IEnumerable<MergedMgEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var output = new MemoryStream();
        foreach (var entry in entries)
        {
            output.Write(Encoding.UTF8.GetBytes($"!{entry.Content.Length} {entry.Name}\n"));
            output.Write(entry.Content.Span);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Splits merged.mg as the agent's unmerge does. Fails on a malformed header or a size past the end of the data.
    /// Names are sanitised (<c>/</c> → <c>-</c>, leading <c>.</c> → <c>-</c>) so an entry cannot leave etc/shared.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> data, out List<MergedMgEntry> entries)
    {
        entries = [];
        var at = 0;
        var span = data.Span;
        while (at < span.Length)
        {
            if (span[at] != (byte)'!')
            {
                return false;
            }

            var newline = span[at..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return false;
            }

            var header = span.Slice(at + 1, newline - 1);
            var space = header.IndexOf((byte)' ');
            if (space <= 0 || space == header.Length - 1
                || !int.TryParse(header[..space], System.Globalization.NumberStyles.None, null, out var size))
            {
                return false;
            }

            var start = at + newline + 1;
            if (size > span.Length - start)
            {
                return false;
            }

            var name = Encoding.UTF8.GetString(header[(space + 1)..]).Replace('/', '-');
            if (name[0] == '.')
            {
                name = "-" + name[1..];
            }

            entries.Add(new MergedMgEntry(name, data.Slice(start, size)));
            at = start + size;
        }

        return true;
    }
}
