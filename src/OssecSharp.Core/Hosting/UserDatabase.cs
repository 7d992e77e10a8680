using System.Globalization;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// Looks users and groups up in <c>/etc/passwd</c> and <c>/etc/group</c> (what getpwnam/getgrnam read on the
/// systems OSSEC targets), avoiding the platform-specific <c>struct passwd</c> layout in interop.
/// </summary>
public sealed class UserDatabase
{
    private readonly string _passwdPath;
    private readonly string _groupPath;

    /// <summary>Uses the given files (tests pass their own).</summary>
    public UserDatabase(string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        _passwdPath = passwdPath;
        _groupPath = groupPath;
    }

    /// <summary>The uid and primary gid of <paramref name="user"/>, or null.</summary>
    public (uint Uid, uint Gid)? FindUser(string user)
    {
        var fields = FindLine(_passwdPath, user);
        return fields is { Length: >= 4 } && TryId(fields[2], out var uid) && TryId(fields[3], out var gid) ? (uid, gid) : null;
    }

    /// <summary>The gid of <paramref name="group"/>, or null.</summary>
    public uint? FindGroup(string group)
    {
        var fields = FindLine(_groupPath, group);
        return fields is { Length: >= 3 } && TryId(fields[2], out var gid) ? gid : null;
    }

    private static string[]? FindLine(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(':');
            if (fields.Length > 2 && string.Equals(fields[0], name, StringComparison.Ordinal))
            {
                return fields;
            }
        }

        return null;
    }

    private static bool TryId(string text, out uint id) => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
