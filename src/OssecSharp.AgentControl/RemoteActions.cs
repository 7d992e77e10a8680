using OssecSharp.Core.Agents;
using OssecSharp.Core.Layout;

namespace OssecSharp.AgentControl;

/// <summary>The requests agent_control hands to remoted: -r -a, -r -u, -R, -b -f -u (agent_control.c main).</summary>
internal static class RemoteActions
{
    /// <summary>The response OSSEC's execd runs for <c>-R</c>; the agent's execd only knows it from <c>ar.conf</c>.</summary>
    public const string RestartResponse = "restart-ossec0";

    public static int Run(OssecPaths paths, AgentControlOptions o, Func<string, AgentStatus> statusOf, TextWriter output, ToolErrorLog errors)
    {
        var prefix = AgentControlText.Prefix;
        if (o.RestartAll && o.RestartSyscheck)
        {
            return Send(paths, o.Json, output, errors, new RemoteRequest(
                RemotedQueue.Format(RemotedQueue.SyscheckRestart, null, null),
                $"\n{prefix}: Restarting Syscheck/Rootcheck on all agents.", AgentControlText.JsonResponse("Restarting Syscheck/Rootcheck on all agents"),
                "\n** Unable to restart syscheck on all agents.\n", 41, 42, "Unable to restart syscheck on all agents"));
        }

        if (o.RestartSyscheck && o.AgentId is { } syscheckAgent)
        {
            if (syscheckAgent == "000")
            {
                // os_set_restart_syscheck(): syscheckd looks for this file.
                var flag = Path.Combine(paths.VarRun, ".syscheck_run");
                File.WriteAllText(flag, flag + "\n");
                output.Write(o.Json ? AgentControlText.JsonResponse("Restarting Syscheck/Rootcheck locally") : $"\n{prefix}: Restarting Syscheck/Rootcheck locally.\n");
                return 0;
            }

            return Send(paths, o.Json, output, errors, new RemoteRequest(
                RemotedQueue.Format(RemotedQueue.SyscheckRestart, syscheckAgent, null),
                $"\n{prefix}: Restarting Syscheck/Rootcheck on agent: {syscheckAgent}\n", AgentControlText.JsonResponse("Restarting Syscheck/Rootcheck on agent"),
                $"\n** Unable to restart syscheck on agent: {syscheckAgent}\n", 43, 44, "Unable to restart syscheck on agent"));
        }

        if (o.RestartAgent && o.AgentId is { } restartAgent)
        {
            // OSSEC prints "Restarting agent" as soon as remoted has the request, although nothing happens when the
            // agent's execd has no restart-ossec0 response or the agent is not connected. Say so instead.
            return Send(paths, o.Json, output, errors, new RemoteRequest(
                RemotedQueue.Format(RestartResponse, restartAgent, "null"),
                $"\n{prefix}: Restarting agent: {restartAgent}\n", AgentControlText.JsonResponse("Restarting agent"),
                $"\n** Unable to restart agent: {restartAgent}\n", 45, 46, "Unable to restart agent"),
                () => RestartRefusal(paths, restartAgent, statusOf) is { } reason
                    ? (o.Json ? AgentControlText.JsonError(46, $"Unable to restart agent: {reason}") : $"\n** Unable to restart agent: {restartAgent}: {reason}\n")
                    : null);
        }

        if (o.Ip is { } ip && o.Response is { } response && o.AgentId is { } responseAgent)
        {
            // OSSEC prints text for -b even with -j.
            return Send(paths, json: false, output, errors, new RemoteRequest(
                RemotedQueue.Format(response, responseAgent, ip),
                $"\n{prefix}: Running active response '{response}' on: {responseAgent}\n", null,
                $"\n** Unable to restart syscheck on agent: {responseAgent}\n", 0, 0, string.Empty));
        }

        output.Write(AgentControlText.InvalidCombination);
        output.Write(AgentControlText.Help);
        return 1;
    }

    /// <summary>Why a restart request would not restart the agent, or null when it can.</summary>
    private static string? RestartRefusal(OssecPaths paths, string agentId, Func<string, AgentStatus> statusOf)
    {
        var arConf = Path.Combine(paths.SharedDir, "ar.conf");
        var known = File.Exists(arConf)
            && File.ReadLines(arConf).Any(line => line.StartsWith(RestartResponse + " ", StringComparison.Ordinal));
        if (!known)
        {
            // OSSEC's analysisd writes that entry at start; OssecSharp's manager runs no analysisd.
            return $"etc/shared/ar.conf has no '{RestartResponse}' response for the agent's ossec-execd to run.";
        }

        var status = statusOf(agentId);
        return status == AgentStatus.Active
            ? null
            : $"the agent is not connected ({AgentInfoReader.StatusText(status)}).";
    }

    /// <summary>
    /// Connects to remoted (OSSEC's errors when it is not there), asks <paramref name="refusal"/> whether the request
    /// would be pointless (its text, printed with exit 1), then queues the request.
    /// </summary>
    private static int Send(
        OssecPaths paths, bool json, TextWriter output, ToolErrorLog errors, RemoteRequest request, Func<string?>? refusal = null)
    {
        using var socket = RemotedQueue.Connect(paths.ArQueueSocket);
        if (socket is null)
        {
            // connect_to_remoted()'s lines (StartMQ, ARQ_ERROR), then the tool's own message.
            errors.Error(1210, $"Queue '{paths.ArQueueSocket}' not accessible: 'Queue not found'.");
            errors.Error(1301, "Unable to connect to active response queue.");
            output.Write(json && request.ConnectErrorCode != 0
                ? AgentControlText.JsonError(request.ConnectErrorCode, "Unable to connect to remoted")
                : AgentControlText.UnableToConnect);
            return 1;
        }

        if (refusal?.Invoke() is { } refused)
        {
            output.Write(refused);
            return 1;
        }

        if (!RemotedQueue.TrySend(socket, request.Message))
        {
            output.Write(json && request.SendErrorCode != 0 ? AgentControlText.JsonError(request.SendErrorCode, request.SendErrorText) : request.Failed);
            return 1;
        }

        output.Write(json && request.DoneJson is not null ? request.DoneJson : request.Done);
        return 0;
    }
}
