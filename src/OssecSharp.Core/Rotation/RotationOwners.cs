using System.Globalization;
using OssecSharp.Core.Interop;
using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// Who keeps the daily files of a manager. An install migrated from OSSEC may still run OSSEC's own analysisd (which
/// writes the day files and re-links archives.log at midnight) and monitord (which compresses and signs, and reports
/// silent agents); OssecSharp must then leave those jobs to them. A daemon is OSSEC's when <c>bin/&lt;name&gt;</c> exists
/// without the <c>&lt;name&gt;.dll</c> every OssecSharp program ships with, or when a live <c>var/run/&lt;name&gt;-&lt;pid&gt;.pid</c>
/// says it runs.
/// </summary>
/// <param name="OssecAnalysisd">OSSEC's ossec-analysisd is installed or running.</param>
/// <param name="OssecMonitord">OSSEC's ossec-monitord is installed or running.</param>
public sealed record RotationOwners(bool OssecAnalysisd, bool OssecMonitord)
{
    /// <summary>OSSEC's analysis daemon.</summary>
    public const string Analysisd = "ossec-analysisd";

    /// <summary>OSSEC's monitor daemon.</summary>
    public const string Monitord = "ossec-monitord";

    /// <summary>OssecSharp writes day files and re-links the fixed names itself.</summary>
    public bool OurDailyFiles => !OssecAnalysisd;

    /// <summary>OssecSharp's remoted compresses, signs, applies retention and reports silent agents.</summary>
    public bool OurMonitor => !OssecMonitord;

    /// <summary>Looks at <c>bin/</c> and <c>var/run/</c> of the install.</summary>
    public static RotationOwners Detect(OssecPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new RotationOwners(IsOssecDaemon(paths, Analysisd), IsOssecDaemon(paths, Monitord));
    }

    /// <summary>
    /// One line per file: who writes and switches the days, who compresses and signs them, for archives.log,
    /// archives.json, alerts.log and ossec.log (<c>ossec-control status</c>).
    /// </summary>
    public IEnumerable<string> Describe()
    {
        var writer = OssecAnalysisd ? "ossec-analysisd (OSSEC)" : "ossec-remoted/ossec-agentlessd";
        var monitor = OssecMonitord ? "ossec-monitord (OSSEC)" : "ossec-remoted";
        yield return $"logs/archives/archives.log: daily files by {writer}, compressed and signed by {monitor}";
        yield return $"logs/archives/archives.json: daily files by {writer}, compressed and signed by {monitor}";
        yield return OssecAnalysisd
            ? "logs/alerts/alerts.log: daily files by ossec-analysisd (OSSEC), compressed and signed by " + monitor
            : "logs/alerts/alerts.log: not written (no ossec-analysisd)";
        yield return "logs/ossec.log: not rotated by OSSEC nor OssecSharp (use logrotate)";
    }

    private static bool IsOssecDaemon(OssecPaths paths, string name)
    {
        var binary = Path.Combine(paths.Bin, name);
        if (File.Exists(binary) && !File.Exists(binary + ".dll"))
        {
            return true;
        }

        if (!Directory.Exists(paths.VarRun))
        {
            return false;
        }

        foreach (var file in Directory.EnumerateFiles(paths.VarRun, name + "-*.pid"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(stem.AsSpan(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Libc.ProcessExists(pid))
            {
                return true;
            }
        }

        return false;
    }
}
