namespace OssecSharp.Agentlessd.Running;

internal enum HostRunStatus
{
    /// <summary>The script completed; state and reports are up to date.</summary>
    Succeeded,

    /// <summary>The script reported an error or failed; state was left as it was.</summary>
    Failed,

    /// <summary>Another process (cron run or daemon) was running this host; nothing done.</summary>
    Busy,
}
