namespace OssecSharp.Agentlessd.Integrity;

/// <summary>
/// One <c>FWD:</c> integrity record, <c>&lt;size&gt;:&lt;perm&gt;:&lt;uid&gt;:&lt;gid&gt;:&lt;md5&gt;:&lt;sha1&gt; &lt;path&gt;</c>
/// (spec agentless.md §4.2). <see cref="Checksum"/> is everything before the first space, kept verbatim.
/// </summary>
internal readonly record struct IntegrityRecord(string Checksum, string Path)
{
    /// <summary>Why a record was refused.</summary>
    internal enum Rejection
    {
        None,
        Malformed,
        BadPath,
    }

    /// <summary>Parses and validates a record; never throws on untrusted text.</summary>
    public static Rejection TryParse(string text, out IntegrityRecord record)
    {
        record = default;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == text.Length - 1)
        {
            return Rejection.Malformed;
        }

        var checksum = text.AsSpan(0, space);
        if (!IsValidChecksum(checksum))
        {
            return Rejection.Malformed;
        }

        var path = text[(space + 1)..];
        if (!IsAcceptablePath(path))
        {
            return Rejection.BadPath;
        }

        record = new IntegrityRecord(checksum.ToString(), path);
        return Rejection.None;
    }

    /// <summary>Six fields: four decimal numbers, a 32-digit and a 40-digit hex digest.</summary>
    public static bool IsValidChecksum(ReadOnlySpan<char> checksum)
    {
        Span<Range> fields = stackalloc Range[7];
        if (checksum.Split(fields, ':') != 6)
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            var field = checksum[fields[i]];
            if (field.IsEmpty || field.Length > 20 || field.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return IsHex(checksum[fields[4]], 32) && IsHex(checksum[fields[5]], 40);
    }

    /// <summary>No control character (they would forge log or queue lines) and no <c>..</c> component.</summary>
    public static bool IsAcceptablePath(string path)
    {
        if (path.Length is 0 or > 4096)
        {
            return false;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The four numeric fields and the two digests of <see cref="Checksum"/>.</summary>
    public (string Size, string Perm, string Uid, string Gid, string Md5, string Sha1) Fields()
    {
        var parts = Checksum.Split(':');
        return (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static bool IsHex(ReadOnlySpan<char> value, int length) =>
        value.Length == length && !value.ContainsAnyExcept("0123456789abcdefABCDEF");
}
