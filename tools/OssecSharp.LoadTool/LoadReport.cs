using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>The figures of one run.</summary>
internal sealed record LoadReport(
    int Sent, int Agents, long Accepted, long Duplicates, double SendSeconds, double AcceptedPerSecond,
    double LatencyP50Ms, double LatencyP90Ms, double LatencyP99Ms, double LatencyMaxMs,
    double? RemotedCpuPercent, double? RemotedCpuSeconds, long? RemotedPeakRssKb, long? RemotedRssKb, string Protocol, string Cipher,
    int TargetRate, string CountedAt)
{
    public long Lost => Sent - Accepted;

    public static LoadReport Build(
        LoadOptions options, int total, int agents, long[] sentAt, EventTally archive, long sendStart, long sendEnd,
        double? cpuBefore, double? cpuAfter, IReadOnlyList<int> pids)
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
        double? cpuSeconds = null;
        long? peak = null;
        long? rss = null;
        if (pids.Count > 0)
        {
            if (cpuBefore is { } b && cpuAfter is { } a)
            {
                cpuSeconds = a - b;
                cpu = (a - b) / window * 100;
            }

            peak = ProcessSampler.StatusKb(pids, "VmHWM");
            rss = ProcessSampler.StatusKb(pids, "VmRSS");
        }

        return new LoadReport(
            total, agents, archive.Seen, archive.Duplicates, sendSeconds, archive.Seen / window,
            Pct(0.5), Pct(0.9), Pct(0.99), latencies.Count == 0 ? double.NaN : latencies[^1],
            cpu, cpuSeconds, peak, rss, options.Tcp ? "tcp" : "udp", options.Aes ? "aes" : "blowfish", options.Rate,
            options.CountAtQueue ? "queue" : "archives");
    }

    /// <summary>One <c>key=value</c> per line (benchmarks/compare/remoted.sh reads them).</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(inv, $"protocol={Protocol}");
        b.AppendLine(inv, $"cipher={Cipher}");
        b.AppendLine(inv, $"agents={Agents}");
        b.AppendLine(inv, $"target_rate={TargetRate}");
        b.AppendLine(inv, $"counted_at={CountedAt}");
        b.AppendLine(inv, $"sent={Sent}");
        b.AppendLine(inv, $"send_seconds={SendSeconds:F2}");
        b.AppendLine(inv, $"sent_per_s={Sent / SendSeconds:F0}");
        b.AppendLine(inv, $"written={Accepted}");
        b.AppendLine(inv, $"lost={Lost}");
        b.AppendLine(inv, $"loss_pct={(Sent == 0 ? 0 : 100.0 * Lost / Sent):F3}");
        b.AppendLine(inv, $"duplicates={Duplicates}");
        b.AppendLine(inv, $"written_per_s={AcceptedPerSecond:F0}");
        b.AppendLine(inv, $"latency_p50_ms={LatencyP50Ms:F1}");
        b.AppendLine(inv, $"latency_p90_ms={LatencyP90Ms:F1}");
        b.AppendLine(inv, $"latency_p99_ms={LatencyP99Ms:F1}");
        b.AppendLine(inv, $"latency_max_ms={LatencyMaxMs:F1}");
        if (RemotedCpuPercent is { } cpu)
        {
            b.AppendLine(inv, $"cpu_pct={cpu:F0}");
        }

        if (RemotedCpuSeconds is { } seconds && Accepted > 0)
        {
            b.AppendLine(inv, $"cpu_us_per_event={seconds * 1e6 / Accepted:F2}");
        }

        if (RemotedPeakRssKb is { } peak)
        {
            b.AppendLine(inv, $"peak_rss_mb={peak / 1024.0:F1}");
            b.AppendLine(inv, $"rss_mb={(RemotedRssKb ?? 0) / 1024.0:F1}");
        }

        return b.ToString();
    }
}
