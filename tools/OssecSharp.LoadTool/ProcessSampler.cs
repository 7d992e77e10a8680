using System.Globalization;

namespace OssecSharp.LoadTool;

/// <summary>CPU time and memory of another process, from /proc (Linux).</summary>
internal static class ProcessSampler
{
    /// <summary>utime + stime in seconds, or null when the process is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime of all <paramref name="pids"/>, or null when one is gone.</summary>
    public static double? CpuSeconds(IReadOnlyList<int> pids)
    {
        var total = 0.0;
        foreach (var pid in pids)
        {
            if (CpuSeconds(pid) is not { } seconds)
            {
                return null;
            }

            total += seconds;
        }

        return total;
    }

    /// <summary>A status value summed over <paramref name="pids"/>, in kB.</summary>
    public static long? StatusKb(IReadOnlyList<int> pids, string key)
    {
        long total = 0;
        foreach (var pid in pids)
        {
            total += StatusKb(pid, key) ?? 0;
        }

        return pids.Count == 0 ? null : total;
    }

    /// <summary>A <c>/proc/&lt;pid&gt;/status</c> value in kB (VmHWM = peak resident set, VmRSS = current).</summary>
    public static long? StatusKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    var digits = new string(line.Where(char.IsDigit).ToArray());
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
