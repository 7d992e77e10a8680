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
