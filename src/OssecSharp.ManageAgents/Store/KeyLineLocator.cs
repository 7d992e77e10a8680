using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// k_extract's lookup: the raw client.keys line of a live id, found by scanning the bytes (OSSEC reads the line
/// at IDExist's position). <c>-e</c> needs one line, so it skips building the 50,000-entry table; the line is the
/// one in the file, byte for byte, which is what the agent side imports.
/// </summary>
internal static class KeyLineLocator
{
    public static string? Find(ReadOnlySpan<byte> file, string id)
    {
        while (!file.IsEmpty)
        {
            var newline = file.IndexOf((byte)'\n');
            var line = newline < 0 ? file : file[..newline];
            file = newline < 0 ? [] : file[(newline + 1)..];
            if (IsLiveLineOf(line, id))
            {
                return KeyFileParser.FileEncoding.GetString(line);
            }
        }

        return null;
    }

    /// <summary>
    /// print_agents(): every line with an id, a live name, an ip and a key, in file order, split as OSSEC splits it
    /// (no ip validation, no field cut), without building the lookup table a listing does not need.
    /// </summary>
    public static IReadOnlyList<AgentLine> ListLive(ReadOnlySpan<byte> file)
    {
        var lines = new List<AgentLine>();
        var encoding = KeyFileParser.FileEncoding;
        while (TryNextLive(ref file, out var id, out var name, out var ipField))
        {
            var ip = encoding.GetString(ipField);
            var slash = ip.IndexOf('/', StringComparison.Ordinal);
            lines.Add(new AgentLine(encoding.GetString(id), encoding.GetString(name), ip, slash < 0 ? ip : ip[..slash]));
        }

        return lines;
    }

    /// <summary>
    /// The same lines as <see cref="ListLive"/>, appended as print_agents prints them (<c>   ID: …, Name: …, IP: …</c>)
    /// straight from the bytes: no string per field for a 50,000-line listing. Returns the number of lines.
    /// </summary>
    public static int AppendListing(ReadOnlySpan<byte> file, StringBuilder target)
    {
        var count = 0;
        var chars = new char[256];
        while (TryNextLive(ref file, out var id, out var name, out var ip))
        {
            target.Append("   ID: ");
            AppendLatin1(target, id, ref chars);
            target.Append(", Name: ");
            AppendLatin1(target, name, ref chars);
            target.Append(", IP: ");
            AppendLatin1(target, ip, ref chars);
            target.Append('\n');
            count++;
        }

        return count;
    }

    private static void AppendLatin1(StringBuilder target, ReadOnlySpan<byte> bytes, ref char[] chars)
    {
        if (chars.Length < bytes.Length)
        {
            chars = new char[bytes.Length];
        }

        var n = KeyFileParser.FileEncoding.GetChars(bytes, chars);
        target.Append(chars, 0, n);
    }

    // The next line of the rest of the file that print_agents shows, split into its first three fields; the
    // rest is advanced past it.
    private static bool TryNextLive(ref ReadOnlySpan<byte> file, out ReadOnlySpan<byte> id, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> ip)
    {
        while (!file.IsEmpty)
        {
            var newline = file.IndexOf((byte)'\n');
            var line = newline < 0 ? file : file[..newline];
            file = newline < 0 ? [] : file[(newline + 1)..];
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            var first = line.IndexOf((byte)' ');
            if (first < 0 || first + 1 >= line.Length || line[first + 1] == (byte)'#')
            {
                continue;
            }

            var afterId = line[(first + 1)..];
            var second = afterId.IndexOf((byte)' ');
            if (second < 0)
            {
                continue;
            }

            var afterName = afterId[(second + 1)..];
            var third = afterName.IndexOf((byte)' ');
            if (third < 0)
            {
                continue;
            }

            id = line[..first];
            name = afterId[..second];
            ip = afterName[..third];
            return true;
        }

        id = name = ip = default;
        return false;
    }

    /// <summary><c>&lt;id&gt; &lt;name&gt; &lt;ip&gt; &lt;key&gt;</c> with this id; comment and removed lines never match.</summary>
    private static bool IsLiveLineOf(ReadOnlySpan<byte> line, string id)
    {
        if (line.Length <= id.Length + 1 || line[id.Length] != (byte)' ' || line[id.Length + 1] == (byte)'#')
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (line[i] != id[i])
            {
                return false;
            }
        }

        // Three fields before the key, as the daemons require.
        var rest = line[(id.Length + 1)..];
        var second = rest.IndexOf((byte)' ');
        return second > 0 && rest[(second + 1)..].IndexOf((byte)' ') > 0;
    }
}
