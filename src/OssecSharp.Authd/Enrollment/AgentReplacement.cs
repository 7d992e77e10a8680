using System.Globalization;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// The opt-in <c>-F &lt;seconds&gt;</c> policy: an agent that asks for a key under the name of a live agent (or from
/// the address a live agent is registered with) replaces that agent when it has not sent a keepalive for at least
/// that long, or never connected, instead of getting <c>name2</c> or a refusal. Re-installing a host is then one
/// agent-auth run, without manage_agents on the manager. The old entry is removed as manage_agents removes one (its id
/// stays used) and its counters and agent-info go with it; the new agent gets a new id, so no stale counter applies.
/// </summary>
internal sealed class AgentReplacement
{
    private readonly TimeSpan _minimumSilence;
    private readonly AgentStateFiles _stateFiles;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public AgentReplacement(TimeSpan minimumSilence, OssecPaths paths, TimeProvider time, ILogger log)
    {
        _minimumSilence = minimumSilence;
        _stateFiles = new AgentStateFiles(paths);
        _time = time;
        _log = log;
    }

    /// <summary>Whether <paramref name="agent"/> may be replaced: silent for the minimum time, or never connected.</summary>
    public bool Allows(KeyEntry agent)
    {
        var silence = _stateFiles.Antiquity(agent.Name, agent.IpString, _time.GetUtcNow());
        return silence < 0 || silence >= _minimumSilence.TotalSeconds;
    }

    /// <summary>Removes the replaced agent's state files and says so in ossec.log (after client.keys is written).</summary>
    public void Retire(KeyEntry agent, EnrollmentCandidate by)
    {
        var silence = _stateFiles.Antiquity(agent.Name, agent.IpString, _time.GetUtcNow());
        try
        {
            _stateFiles.Delete(agent.Id, agent.Name, agent.IpString);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Unable to remove the state files of replaced agent {Id:l}: {Reason:l}", agent.Id, e.Message);
        }

        LogReplaced(_log, agent.Id, agent.Name, agent.IpField, by, silence < 0 ? null : silence);
    }

    /// <summary>The ossec.log line of a replacement, single manager or registry; null silence: never connected.</summary>
    public static void LogReplaced(ILogger log, string id, string name, string ipField, EnrollmentCandidate by, double? silenceSeconds)
    {
        var seen = silenceSeconds is { } silence
            ? "last seen " + ((long)silence).ToString(CultureInfo.InvariantCulture) + " seconds ago"
            : "never connected";
        log.Information("Agent {Id:l} ({Name:l}, {Ip:l}) removed: replaced by a new enrollment of {NewName:l} from {Source:l} ({Seen:l}).",
            id, name, ipField, by.Name, by.SourceIp, seen);
    }
}
