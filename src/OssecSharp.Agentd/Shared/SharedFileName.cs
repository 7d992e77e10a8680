using System.Text;

namespace OssecSharp.Agentd.Shared;

/// <summary>
/// Turns a file name chosen by the manager into a name that stays inside <c>etc/shared/</c>, as OSSEC's agent does
/// for <c>#!-up file</c> (cut at the newline, every <c>/</c> becomes <c>-</c>, a leading <c>.</c> becomes <c>-</c>),
/// plus what OSSEC leaves out: NUL and backslash, empty names and over-long names are refused.
/// </summary>
internal static class SharedFileName
{
    private const int MaxNameBytes = 255;

    /// <summary>Returns the safe name, or null when nothing usable is left.</summary>
    public static string? Sanitize(ReadOnlySpan<byte> raw)
    {
        var end = raw.IndexOfAny((byte)'\n', (byte)'\0');
        if (end >= 0)
        {
            raw = raw[..end];
        }

        raw = raw.TrimEnd((byte)'\r');
        if (raw.IsEmpty || raw.Length > MaxNameBytes)
        {
            return null;
        }

        Span<byte> name = stackalloc byte[raw.Length];
        raw.CopyTo(name);
        name.Replace((byte)'/', (byte)'-');
        name.Replace((byte)'\\', (byte)'-');
        if (name[0] == (byte)'.')
        {
            name[0] = (byte)'-';
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(name);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.Any(char.IsControl) ? null : text;
    }

    /// <summary>The full path of <paramref name="safeName"/> under <paramref name="sharedDir"/>, or null if it would escape.</summary>
    public static string? Resolve(string sharedDir, string safeName)
    {
        var root = Path.GetFullPath(sharedDir);
        var full = Path.GetFullPath(Path.Combine(root, safeName));
        var parent = Path.GetDirectoryName(full);
        return string.Equals(parent, root.TrimEnd('/'), StringComparison.Ordinal) ? full : null;
    }
}
