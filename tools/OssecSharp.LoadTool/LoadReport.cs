using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>The figures of one run.</summary>
internal sealed record LoadReport(
    int Sent, int Agents, long Accepted, long Duplicates, double SendSeconds, double AcceptedPerSecond,
    double LatencyP50Ms, double LatencyP90Ms, double LatencyP99Ms, double LatencyMaxMs,
    double? RemotedCpuPercent, long? RemotedPeakRssKb, long? RemotedRssKb, string Protocol, string Cipher, int TargetRate)
{
    public long Lost => Sent - Accepted;

    public static LoadReport Build(
        LoadOptions options, int total, int agents, long[] sentAt, ArchiveWatcher archive, long sendStart, long sendEnd,
        double? cpuBefore, double? cpuAfter)
    {
        var latencies = new List<double>(total);
        for (var i = 0; i < total; i++)
        {
            var seen = archive.SeenAt(i);
            if (seen != 0 && sentAt[i] != 0)
            {
                latencies.Add(Math.Max(0, (seen - sentAt[i]) * 1000.0 / Stopwatch.Frequency));
            }
        }

        latencies.Sort();
        double Pct(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)];
        var sendSeconds = (sendEnd - sendStart) / (double)Stopwatch.Frequency;
        var lastSeen = archive.LastSeenTimestamp == 0 ? sendEnd : archive.LastSeenTimestamp;
        var window = Math.Max(sendSeconds, (lastSeen - sendStart) / (double)Stopwatch.Frequency);
        double? cpu = null;
        long? peak = null;
        long? rss = null;
        if (options.RemotedPid is { } pid)
        {
            if (cpuBefore is { } b && cpuAfter is { } a)
            {
                cpu = (a - b) / window * 100;
            }

            peak = ProcessSampler.StatusKb(pid, "VmHWM");
            rss = ProcessSampler.StatusKb(pid, "VmRSS");
        }

        return new LoadReport(
            total, agents, archive.Seen, archive.Duplicates, sendSeconds, archive.Seen / window,
            Pct(0.5), Pct(0.9), Pct(0.99), latencies.Count == 0 ? double.NaN : latencies[^1],
            cpu, peak, rss, options.Tcp ? "tcp" : "udp", options.Aes ? "aes" : "blowfish", options.Rate);
    }

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(inv, $"protocol={Protocol} cipher={Cipher} agents={Agents} target_rate={TargetRate}/s");
        b.AppendLine(inv, $"sent={Sent} in {SendSeconds:F2} s ({Sent / SendSeconds:F0}/s)");
        b.AppendLine(inv, $"accepted={Accepted} lost={Lost} ({(Sent == 0 ? 0 : 100.0 * Lost / Sent):F3}%) duplicates={Duplicates}");
        b.AppendLine(inv, $"accepted_per_second={AcceptedPerSecond:F0}");
        b.AppendLine(inv, $"latency_ms p50={LatencyP50Ms:F1} p90={LatencyP90Ms:F1} p99={LatencyP99Ms:F1} max={LatencyMaxMs:F1}");
        if (RemotedCpuPercent is { } cpu)
        {
            b.AppendLine(inv, $"remoted_cpu={cpu:F0}% (of one core)");
        }

        if (RemotedPeakRssKb is { } peak)
        {
            b.AppendLine(inv, $"remoted_peak_rss={peak / 1024.0:F1} MB rss_now={(RemotedRssKb ?? 0) / 1024.0:F1} MB");
        }

        return b.ToString();
    }
}
