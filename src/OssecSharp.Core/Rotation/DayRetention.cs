using System.Globalization;
using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// Removes a family's day files (<c>.log</c>, <c>.gz</c>, <c>.sum</c>) older than a number of days, then the month and
/// year folders left empty. OSSEC keeps every day for ever; this runs only when <c>monitord.keep_days</c> is set.
/// </summary>
internal static class DayRetention
{
    /// <summary>Removes the days of <paramref name="family"/> before <paramref name="oldestKept"/>; returns the files removed.</summary>
    public static int RemoveBefore(DailyLogFamily family, DateOnly oldestKept, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(log);
        var removed = 0;
        if (!Directory.Exists(family.Directory))
        {
            return 0;
        }

        foreach (var yearDir in Directory.EnumerateDirectories(family.Directory))
        {
            if (!int.TryParse(Path.GetFileName(yearDir), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || year < 1970 || year > 9999)
            {
                continue;
            }

            foreach (var monthDir in Directory.EnumerateDirectories(yearDir))
            {
                var month = DailyLogFamily.MonthNumber(Path.GetFileName(monthDir));
                if (month == 0)
                {
                    continue;
                }

                removed += RemoveInMonth(family, monthDir, year, month, oldestKept, log);
                TryRemoveEmpty(monthDir);
            }

            TryRemoveEmpty(yearDir);
        }

        return removed;
    }

    private static int RemoveInMonth(DailyLogFamily family, string monthDir, int year, int month, DateOnly oldestKept, ILogger log)
    {
        var removed = 0;
        var prefix = "ossec-" + family.Kind + "-";
        foreach (var file in Directory.EnumerateFiles(monthDir, prefix + "*"))
        {
            var name = Path.GetFileName(file);
            var rest = name.AsSpan(prefix.Length);
            if (rest.Length < 2 + family.Extension.Length
                || !int.TryParse(rest[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var dayOfMonth)
                || !rest[2..].StartsWith(family.Extension, StringComparison.Ordinal)
                || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var suffix = rest[(2 + family.Extension.Length)..];
            if (!suffix.IsEmpty && suffix is not ".gz" and not ".sum")
            {
                continue;
            }

            if (new DateOnly(year, month, dayOfMonth) >= oldestKept)
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warning("Unable to remove {Path}: {Reason}", file, e.Message);
            }
        }

        return removed;
    }

    private static void TryRemoveEmpty(string dir)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone wrote into it meanwhile, or it is not ours: keep it.
        }
    }
}
