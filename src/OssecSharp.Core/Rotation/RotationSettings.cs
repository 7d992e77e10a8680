using OssecSharp.Core.Agents;
using OssecSharp.Core.Config;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// What monitord's options say about the daily files (internal_options.conf, read as monitord's main.c reads them),
/// plus OssecSharp's retention. Defaults are the values OSSEC ships.
/// </summary>
public sealed record RotationSettings
{
    /// <summary><c>monitord.day_wait</c> (5-240 s): pause between the day change and compressing/signing.</summary>
    public TimeSpan DayWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>monitord.compress</c>: gzip the ended day and remove the plain file.</summary>
    public bool Compress { get; init; } = true;

    /// <summary><c>monitord.sign</c>: write the ended day's <c>.sum</c> (OSSEC reads it but always signs; 0 is honoured here).</summary>
    public bool Sign { get; init; } = true;

    /// <summary><c>monitord.keep_days</c> (OssecSharp, 0 = keep for ever as OSSEC does): remove days older than this.</summary>
    public int KeepDays { get; init; }

    /// <summary><c>monitord.monitor_agents</c>: report agents that went silent.</summary>
    public bool MonitorAgents { get; init; } = true;

    /// <summary><c>monitord.notify_time</c> (60-3600 s): agents silent for 3 × this + 30 s are disconnected.</summary>
    public TimeSpan NotifyTime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>How often the day is looked at (monitord: every 120 s).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Mode of day files, <c>.gz</c> and <c>.sum</c> (0640, as OSSEC's umask 027 leaves them).</summary>
    public UnixFileMode FileMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>The silence after which an agent is disconnected: get_agents_with_timeout's 3 × notify_time + 30 s.</summary>
    public TimeSpan DisconnectWindow => AgentInfo.WindowFor(NotifyTime);

    /// <summary>Reads the monitord options (invalid values raise <see cref="ConfigException"/>, as OSSEC exits).</summary>
    public static RotationSettings From(InternalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RotationSettings
        {
            DayWait = TimeSpan.FromSeconds(options.GetInt("monitord", "day_wait", 10, 5, 240)),
            Compress = options.GetInt("monitord", "compress", 1, 0, 1) == 1,
            Sign = options.GetInt("monitord", "sign", 1, 0, 1) == 1,
            KeepDays = options.GetInt("monitord", "keep_days", 0, 0, 36500),
            MonitorAgents = options.GetInt("monitord", "monitor_agents", 1, 0, 1) == 1,
            NotifyTime = TimeSpan.FromSeconds(options.GetInt("monitord", "notify_time", 600, 60, 3600)),
        };
    }
}
