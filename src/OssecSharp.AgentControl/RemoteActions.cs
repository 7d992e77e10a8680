using OssecSharp.Core.Layout;

namespace OssecSharp.AgentControl;

/// <summary>The requests agent_control hands to remoted: -r -a, -r -u, -R, -b -f -u (agent_control.c main).</summary>
internal static class RemoteActions
{
    public static int Run(
        OssecPaths paths, bool restartSyscheck, bool restartAll, bool restartAgent, string? agentId, string? ip, string? response,
        TextWriter output)
    {
        var prefix = AgentControlText.Prefix;
        if (restartAll && restartSyscheck)
        {
            return Send(paths, RemotedQueue.Format(RemotedQueue.SyscheckRestart, null, null), output,
                $"\n{prefix}: Restarting Syscheck/Rootcheck on all agents.", "\n** Unable to restart syscheck on all agents.\n");
        }

        if (restartSyscheck && agentId is not null)
        {
            if (agentId == "000")
            {
                // os_set_restart_syscheck(): syscheckd looks for this file.
                var flag = Path.Combine(paths.VarRun, ".syscheck_run");
                File.WriteAllText(flag, flag + "\n");
                output.Write($"\n{prefix}: Restarting Syscheck/Rootcheck locally.\n");
                return 0;
            }

            return Send(paths, RemotedQueue.Format(RemotedQueue.SyscheckRestart, agentId, null), output,
                $"\n{prefix}: Restarting Syscheck/Rootcheck on agent: {agentId}\n", $"\n** Unable to restart syscheck on agent: {agentId}\n");
        }

        if (restartAgent && agentId is not null)
        {
            return Send(paths, RemotedQueue.Format("restart-ossec0", agentId, "null"), output,
                $"\n{prefix}: Restarting agent: {agentId}\n", $"\n** Unable to restart agent: {agentId}\n");
        }

        if (ip is not null && response is not null && agentId is not null)
        {
            return Send(paths, RemotedQueue.Format(response, agentId, ip), output,
                $"\n{prefix}: Running active response '{response}' on: {agentId}\n", $"\n** Unable to restart syscheck on agent: {agentId}\n");
        }

        output.Write(AgentControlText.InvalidCombination);
        output.Write(AgentControlText.Help);
        return 1;
    }

    private static int Send(OssecPaths paths, string message, TextWriter output, string done, string failed)
    {
        if (!File.Exists(paths.ArQueueSocket))
        {
            output.Write(AgentControlText.UnableToConnect);
            return 1;
        }

        if (!RemotedQueue.TrySend(paths.ArQueueSocket, message))
        {
            output.Write(failed);
            return 1;
        }

        output.Write(done);
        return 0;
    }
}
