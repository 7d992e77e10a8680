using System.Text;

namespace OssecSharp.Agentlessd.Diff;

/// <summary>
/// The alert text for a diff, cut as OSSEC 4.x does (<c>lessdi.c</c> <c>gen_diff_alert</c>): at most 2047 bytes
/// read, cut at the last newline when 2040 or more were read, at most 8 lines, then a truncation note.
/// </summary>
internal static class DiffAlert
{
    public const string Prefix = "ossec: agentless: Change detected:\n";
    public const string TruncatedNote = "\n... diff was truncated ...";
    private const int ReadLimit = 2047;
    private const int MaxLines = 8;

    public static string Build(ReadOnlySpan<byte> diffFile)
    {
        var truncated = diffFile.Length > ReadLimit;
        var text = diffFile[..Math.Min(diffFile.Length, ReadLimit)];
        if (text.Length >= 2040)
        {
            var lastNewline = text.LastIndexOf((byte)'\n');
            text = lastNewline >= 0 ? text[..(lastNewline + 1)] : text[..256];
            truncated = true;
        }

        var newlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n' && ++newlines == MaxLines)
            {
                if (i + 1 < text.Length || diffFile.Length > i + 1)
                {
                    truncated = true;
                }

                text = text[..(i + 1)];
                break;
            }
        }

        var body = Encoding.UTF8.GetString(text);
        return Prefix + body + (truncated ? TruncatedNote : string.Empty);
    }
}
