using System.Globalization;
using System.Runtime.InteropServices;
using OssecSharp.Core.Interop;
using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// Makes a family's fixed name (archives.log) the hard link of one day's file, as analysisd does at a day change,
/// but safely for several writer processes: the day file is created with O_APPEND|O_CREAT (never truncated), and the
/// fixed name is replaced by rename(2) of a fresh link, so a reader always finds a complete file under it and every
/// writer may do it (the result is the same whoever does it first).
/// </summary>
internal static class DailyLink
{
    /// <summary>Day folders are group-writable: remoted (ossecr) and agentlessd (ossec) both create day files in them.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    /// <summary>
    /// Creates the day's folders and file if missing and points the fixed name at it. A fixed name that is a plain
    /// file (an install that did not rotate before) becomes the day's file when the day has none yet, else it is kept
    /// aside as <c>&lt;name&gt;.&lt;yyyyMMddHHmmss&gt;</c>: its lines are never dropped.
    /// </summary>
    /// <returns>False (and a warning) when the link could not be made; the day file can still be written.</returns>
    public static bool Ensure(DailyLogFamily family, DateOnly day, uint fileMode, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(log);
        var dayPath = family.DayPath(day);
        var linkPath = family.LinkPath;
        try
        {
            CreateFolder(Path.GetDirectoryName(family.MonthDirectory(day))!);
            CreateFolder(family.MonthDirectory(day));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("Unable to create the log folder {Path}: {Reason}", family.MonthDirectory(day), e.Message);
            return false;
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var hasLink = Libc.TryStatx(linkPath, out var link);
            var hasDay = Libc.TryStatx(dayPath, out var current);
            if (hasLink && hasDay && link.Inode == current.Inode && link.Device == current.Device)
            {
                return true;
            }

            if (hasLink && link.Links == 1 && !AdoptPlainFile(linkPath, dayPath, hasDay, log))
            {
                continue;
            }

            if (!hasDay && !CreateDayFile(dayPath, fileMode, log))
            {
                return false;
            }

            if (Relink(dayPath, linkPath, log))
            {
                return true;
            }
        }

        log.Warning("Unable to link {Link} to {Day}.", linkPath, dayPath);
        return false;
    }

    // A plain file under the fixed name holds lines written before rotation was on: it becomes the day's file (one
    // link(2): same inode, nothing copied), or, when the day already has a file, is renamed aside. False = look again.
    private static bool AdoptPlainFile(string linkPath, string dayPath, bool hasDay, ILogger log)
    {
        if (!hasDay)
        {
            return Libc.Link(linkPath, dayPath) == 0 || Marshal.GetLastPInvokeError() != Libc.EEXIST;
        }

        var aside = linkPath + "." + DateTime.Now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (Libc.Rename(linkPath, aside) == 0)
        {
            log.Warning("{Link} was not linked to a day file; kept as {Aside}.", linkPath, aside);
        }

        return false;
    }

    private static bool CreateDayFile(string dayPath, uint fileMode, ILogger log)
    {
        var fd = Libc.Open(dayPath, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, fileMode);
        if (fd < 0)
        {
            log.Warning("Unable to create {Path} (errno {Errno}).", dayPath, Marshal.GetLastPInvokeError());
            return false;
        }

        _ = Libc.Close(fd);
        return true;
    }

    private static bool Relink(string dayPath, string linkPath, ILogger log)
    {
        var temp = string.Create(
            CultureInfo.InvariantCulture, $"{linkPath}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.lnk");
        _ = Libc.Unlink(temp);
        if (Libc.Link(dayPath, temp) != 0)
        {
            log.Debug("link {Day} {Temp}: errno {Errno}", dayPath, temp, Marshal.GetLastPInvokeError());
            return false;
        }

        if (Libc.Rename(temp, linkPath) != 0)
        {
            log.Debug("rename {Temp} {Link}: errno {Errno}", temp, linkPath, Marshal.GetLastPInvokeError());
            _ = Libc.Unlink(temp);
            return false;
        }

        return true;
    }

    private static void CreateFolder(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(path, FolderMode);
        try
        {
            // The umask may have narrowed it; another account of group ossec must create files here too.
            File.SetUnixFileMode(path, FolderMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Created by another account at the same moment: its mode is its business.
        }
    }
}
