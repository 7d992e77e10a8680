using System.Buffers.Text;
using Serilog;

namespace OssecSharp.Agentd.Shared;

/// <summary>
/// Splits <c>merged.mg</c> (<c>!&lt;size&gt; &lt;name&gt;\n&lt;bytes&gt;</c> repeated; channel-control §4.1), as
/// OSSEC's <c>UnmergeFiles</c>. Stops at the first malformed header.
/// </summary>
internal static class MergedFileSplitter
{
    public static IEnumerable<(byte[] Name, ReadOnlyMemory<byte> Content)> Split(ReadOnlyMemory<byte> merged, ILogger log)
    {
        var offset = 0;
        while (offset < merged.Length)
        {
            var rest = merged.Span[offset..];
            var newline = rest.IndexOf((byte)'\n');
            var space = rest.IndexOf((byte)' ');
            if (rest[0] != (byte)'!' || newline < 0 || space < 2 || space > newline
                || !Utf8Parser.TryParse(rest[1..space], out int size, out var used) || used != space - 1
                || size < 0 || size > rest.Length - newline - 1)
            {
                log.Error("Invalid merged file (header at offset {Offset}).", offset);
                yield break;
            }

            var name = rest[(space + 1)..newline].ToArray();
            var contentStart = offset + newline + 1;
            yield return (name, merged.Slice(contentStart, size));
            offset = contentStart + size;
        }
    }
}
