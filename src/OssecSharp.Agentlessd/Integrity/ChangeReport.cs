using System.Globalization;
using System.Text;

namespace OssecSharp.Agentlessd.Integrity;

/// <summary>
/// The texts OSSEC's analysisd writes for syscheck changes (<c>analysisd/decoders/syscheck.c</c>), built here
/// because agentlessd now compares passes itself: modified, new and deleted files.
/// </summary>
internal static class ChangeReport
{
    public static string Format(IntegrityChange change) => change.Kind switch
    {
        IntegrityChangeKind.Added => $"New file '{change.Path}' added to the file system.",
        IntegrityChangeKind.Removed => $"File '{change.Path}' was deleted. Unable to retrieve checksum.",
        _ => FormatModified(change),
    };

    private static string FormatModified(IntegrityChange change)
    {
        var old = new IntegrityRecord(change.OldChecksum!, change.Path).Fields();
        var now = new IntegrityRecord(change.NewChecksum!, change.Path).Fields();
        var text = new StringBuilder();
        text.Append("Integrity checksum changed for: '").Append(change.Path).Append('\'');
        if (old.Size != now.Size)
        {
            text.Append("\nSize changed from '").Append(old.Size).Append("' to '").Append(now.Size).Append('\'');
        }

        if (old.Perm != now.Perm)
        {
            text.Append("\nPermissions changed from '").Append(Permissions(old.Perm)).Append("' to '")
                .Append(Permissions(now.Perm)).Append('\'');
        }

        if (old.Uid != now.Uid)
        {
            text.Append("\nOwnership was '").Append(old.Uid).Append("', now it is '").Append(now.Uid).Append('\'');
        }

        if (old.Gid != now.Gid)
        {
            text.Append("\nGroup ownership was '").Append(old.Gid).Append("', now it is '").Append(now.Gid).Append('\'');
        }

        // analysisd prints the sums only when they differ; the old and new sums are always given here so a
        // report stands on its own.
        text.Append("\nOld md5sum was: '").Append(old.Md5).Append('\'');
        text.Append("\nNew md5sum is : '").Append(now.Md5).Append('\'');
        text.Append("\nOld sha1sum was: '").Append(old.Sha1).Append('\'');
        text.Append("\nNew sha1sum is : '").Append(now.Sha1).Append('\'');
        return text.ToString();
    }

    /// <summary>
    /// <c>rwxr-xr-x</c> form. The Linux script prints octal (<c>stat %a</c>, up to 4 digits), the BSD script and
    /// agents the decimal <c>st_mode</c>.
    /// </summary>
    public static string Permissions(string perm)
    {
        int mode;
        if (perm.Length <= 4 && perm.All(c => c is >= '0' and <= '7'))
        {
            mode = Convert.ToInt32(perm, 8);
        }
        else if (!int.TryParse(perm, NumberStyles.None, CultureInfo.InvariantCulture, out mode))
        {
            return perm;
        }

        Span<char> rwx = stackalloc char[9];
        const string letters = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            rwx[i] = (mode & (1 << (8 - i))) != 0 ? letters[i] : '-';
        }

        return rwx.ToString();
    }
}
