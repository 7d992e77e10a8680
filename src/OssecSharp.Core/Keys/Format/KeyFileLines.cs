using System.Text;

namespace OssecSharp.Core.Keys;

/// <summary>
/// What manage_agents reads straight from the bytes of client.keys, through the one reader
/// (<see cref="KeyRecordReader"/>, so comment lines, lines starting with a space and removed lines are skipped as every
/// reader skips them): the raw line of an id (<c>-e</c>) and the <c>Available agents:</c> listing (<c>-l</c>), without
/// building the table of a 50,000-line file.
/// </summary>
public static class KeyFileLines
{
    /// <summary>The first line with an id, a name, an ip and a key whose id is <paramref name="id"/>, byte for byte.</summary>
    public static string? FindLiveLine(ReadOnlySpan<byte> file, string id)
    {
        var reader = new KeyRecordReader(file);
        while (reader.MoveNext())
        {
            var record = reader.Current;
            if (record.Kind == KeyRecordKind.Entry && Equals(record.Id, id))
            {
                return KeyFileParser.FileEncoding.GetString(record.Text);
            }
        }

        return null;
    }

    /// <summary>
    /// print_agents(): every such line as <c>   ID: …, Name: …, IP: …</c>, fields as written (no ip check, no cut),
    /// appended to <paramref name="target"/>. Returns the number of lines.
    /// </summary>
    public static int AppendListing(ReadOnlySpan<byte> file, StringBuilder target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var count = 0;
        var chars = new char[256];
        var reader = new KeyRecordReader(file);
        while (reader.MoveNext())
        {
            var record = reader.Current;
            if (record.Kind != KeyRecordKind.Entry)
            {
                continue;
            }

            // The record's fields are cut at 127 bytes; print_agents prints them whole.
            var line = record.Text;
            var first = line.IndexOf((byte)' ');
            var afterId = line[(first + 1)..];
            var second = afterId.IndexOf((byte)' ');
            var afterName = afterId[(second + 1)..];
            var third = afterName.IndexOf((byte)' ');
            target.Append("   ID: ");
            AppendLatin1(target, line[..first], ref chars);
            target.Append(", Name: ");
            AppendLatin1(target, afterId[..second], ref chars);
            target.Append(", IP: ");
            AppendLatin1(target, afterName[..third], ref chars);
            target.Append('\n');
            count++;
        }

        return count;
    }

    private static bool Equals(ReadOnlySpan<byte> field, string text)
    {
        if (field.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != text[i])
            {
                return false;
            }
        }

        return true;
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
}
