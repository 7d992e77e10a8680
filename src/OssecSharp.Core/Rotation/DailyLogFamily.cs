using System.Globalization;
using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// One family of OSSEC's daily files (analysisd's OS_GetLogLocation, monitord's manage_files): each day is written to
/// <c>&lt;dir&gt;/&lt;YYYY&gt;/&lt;Mon&gt;/ossec-&lt;kind&gt;-&lt;DD&gt;&lt;ext&gt;</c> and <c>&lt;dir&gt;/&lt;link&gt;</c> is a hard link
/// to today's file.
/// </summary>
/// <param name="Directory">The family's folder, e.g. <c>logs/archives</c>.</param>
/// <param name="Kind">The word in the day file's name (<c>archive</c>, <c>alerts</c>).</param>
/// <param name="Extension">The day file's extension with its dot (<c>.log</c>, <c>.json</c>).</param>
/// <param name="LinkName">The fixed name inside <paramref name="Directory"/> (<c>archives.log</c>).</param>
public sealed record DailyLogFamily(string Directory, string Kind, string Extension, string LinkName)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The fixed name (<c>logs/archives/archives.log</c>).</summary>
    public string LinkPath => Path.Combine(Directory, LinkName);

    /// <summary><c>logs/archives/archives.log</c> and its days <c>ossec-archive-DD.log</c>.</summary>
    public static DailyLogFamily ArchivesLog(OssecPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new(paths.ArchivesDir, "archive", ".log", "archives.log");
    }

    /// <summary><c>logs/archives/archives.json</c> and its days <c>ossec-archive-DD.json</c>.</summary>
    public static DailyLogFamily ArchivesJson(OssecPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new(paths.ArchivesDir, "archive", ".json", "archives.json");
    }

    /// <summary>The family of a fixed name such as <c>.../archives.json</c>: same folder, kind <c>archive</c>.</summary>
    public static DailyLogFamily ForArchive(string linkPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(linkPath);
        var full = Path.GetFullPath(linkPath);
        return new(Path.GetDirectoryName(full)!, "archive", Path.GetExtension(full), Path.GetFileName(full));
    }

    /// <summary>The English three-letter month OSSEC uses in folder names.</summary>
    public static string MonthName(int month) => Months[month - 1];

    /// <summary>The month number of a folder name, or 0.</summary>
    public static int MonthNumber(string name) => Array.IndexOf(Months, name) + 1;

    /// <summary>The month folder of a day: <c>&lt;dir&gt;/2026/Dec</c>.</summary>
    public string MonthDirectory(DateOnly day) =>
        Path.Combine(Directory, day.Year.ToString(CultureInfo.InvariantCulture), MonthName(day.Month));

    /// <summary>The day file: <c>&lt;dir&gt;/2026/Dec/ossec-archive-31.log</c>.</summary>
    public string DayPath(DateOnly day) =>
        Path.Combine(MonthDirectory(day), FileName(day.Day));

    /// <summary>The day file's name for day-of-month <paramref name="dayOfMonth"/>.</summary>
    public string FileName(int dayOfMonth) =>
        string.Create(CultureInfo.InvariantCulture, $"ossec-{Kind}-{dayOfMonth:00}{Extension}");
}
