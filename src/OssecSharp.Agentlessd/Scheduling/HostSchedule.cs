using OssecSharp.Agentlessd.Config;

namespace OssecSharp.Agentlessd.Scheduling;

/// <summary>When one host of one entry runs next, and how many runs in a row failed.</summary>
internal sealed class HostSchedule
{
    public HostSchedule(AgentlessEntry entry, AgentlessHost host, DateTimeOffset nextDue)
    {
        Entry = entry;
        Host = host;
        NextDue = nextDue;
    }

    public AgentlessEntry Entry { get; }

    public AgentlessHost Host { get; }

    public DateTimeOffset NextDue { get; private set; }

    public int ConsecutiveFailures { get; private set; }

    public TimeSpan Frequency => TimeSpan.FromSeconds(Entry.Frequency);

    public void Succeeded(DateTimeOffset started)
    {
        ConsecutiveFailures = 0;
        NextDue = started + Frequency;
    }

    /// <summary>
    /// Retries this host alone with exponential backoff (base, 2×, 4×… capped at the frequency). OSSEC counted
    /// failures per entry forever and dropped the whole entry, good hosts too, after ten.
    /// </summary>
    public void Failed(DateTimeOffset now, TimeSpan retryBase)
    {
        ConsecutiveFailures++;
        var factor = Math.Pow(2, Math.Min(ConsecutiveFailures - 1, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(retryBase.Ticks * factor, Frequency.Ticks));
        NextDue = now + (delay > TimeSpan.Zero ? delay : retryBase);
    }

    /// <summary>Another process was running it: look again after the retry base.</summary>
    public void Busy(DateTimeOffset now, TimeSpan retryBase) =>
        NextDue = now + (retryBase < Frequency ? retryBase : Frequency);

    /// <summary>Whether a selector given to a cron run (type, user@host or type:user@host) names this host.</summary>
    public bool Matches(string selector) =>
        string.Equals(selector, Entry.Type, StringComparison.Ordinal)
        || string.Equals(selector, Host.Target, StringComparison.Ordinal)
        || string.Equals(selector, $"{Entry.Type}:{Host.Target}", StringComparison.Ordinal);
}
