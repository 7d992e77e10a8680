using OssecSharp.Core.Agents;
using System.Globalization;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Registry;

namespace OssecSharp.AgentControl;

/// <summary>
/// agent_control on the manager: lists agents and their status from the agent-info files remoted writes, shows one
/// agent, asks remoted to restart agents or run responses, and (OssecSharp extension) resets one agent's counter.
/// </summary>
internal sealed class AgentControlTool
{
    /// <summary>OSSEC's getopt string <c>VehdlLcsjarmu:i:b:f:R:M:</c>, plus <c>-D dir</c> for the install directory.</summary>
    public static readonly OssecCommandSpec Spec = new(AgentControlText.Tool, string.Empty,
        [.. "VehdlLcsjarm".Select(c => new OssecOption(c, null)), .. "uibfRMD".Select(c => new OssecOption(c, "arg"))]);

    /// <summary>Long option of the counter reset (no OSSEC flag is taken by it).</summary>
    public const string ResetCounterOption = "--reset-counter";

    /// <summary>
    /// <c>-m</c>: OSSEC prints its build's MAX_AGENTS. OssecSharp's daemons have no such table; the limit is the
    /// id space (ids of up to <see cref="AgentNameRules.MaxIdDigits"/> digits).
    /// </summary>
    public const long MaxAgents = 99_999_999;

    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly TimeProvider _time;
    private readonly Func<string> _hostName;

    public AgentControlTool(TextWriter stdout, TextWriter stderr, TimeProvider time, Func<string> hostName)
    {
        _out = stdout;
        _err = stderr;
        _time = time;
        _hostName = hostName;
    }

    /// <summary>Runs with the given arguments; returns the exit code.</summary>
    public int Run(IReadOnlyList<string> args)
    {
        var rest = ExtractResetCounter(args, out var resetId, out var resetMissing);
        var parsed = OssecCommandLine.Parse(Spec, rest);
        var o = new AgentControlOptions();
        foreach (var (flag, value) in parsed.Occurrences)
        {
            switch (flag)
            {
                case 'V': return Finish(_err, AgentControlText.Version, 0);
                case 'h': return Finish(_out, AgentControlText.FullHelp, 0);
                case 'L': o.ListResponses = true; break;
                case 'e': o.EndTime = true; break;
                case 'r': o.RestartSyscheck = true; break;
                case 'l': o.ListAgents = true; break;
                case 'm': o.ShowMaxAgents = true; break;
                case 'M': o.MaintenanceAction = value; break;
                case 's': o.Csv = true; o.Json = false; break;
                case 'j': o.Json = true; o.Csv = false; break;
                case 'c': o.ActiveOnly = true; break;
                case 'i': o.Info = true; o.AgentId = value; break;
                case 'u': o.AgentId = value; break;
                case 'b': o.Ip = value; break;
                case 'f': o.Response = value; break;
                case 'R': o.AgentId = value; o.RestartAgent = true; break;
                case 'a': o.RestartAll = true; break;
                case 'D': o.Home = value; break;
            }
        }

        if (parsed.Error is { } error)
        {
            _err.Write(error + "\n");
            return Finish(_out, AgentControlText.Help, 1);
        }

        if (resetMissing)
        {
            _err.Write($"{AgentControlText.Tool}: {ResetCounterOption} needs an argument\n");
            return Finish(_out, AgentControlText.Help, 1);
        }

        if (args.Count == 0)
        {
            return Finish(_out, AgentControlText.Help, 1);
        }

        var paths = OssecPaths.ResolveForProcess(o.Home);
        return Execute(paths, o, resetId);
    }

    private int Execute(OssecPaths paths, AgentControlOptions o, string? resetId)
    {
        var reader = new AgentInfoReader(paths, _time, ClusterStatuses(paths));
        if (resetId is not null)
        {
            var agent = LoadKeys(paths).FirstOrDefault(k => k.Id == resetId);
            if (agent is null)
            {
                return Finish(_out, AgentControlText.InvalidAgentId(resetId), 1);
            }

            return Finish(_out, CounterReset.Run(paths, agent), 0);
        }

        if (o.ListResponses)
        {
            return Finish(_out, ActiveResponseList.Render(paths, o.Csv || o.Json), 0);
        }

        if (o.ListAgents)
        {
            IEnumerable<string> agentless = Directory.Exists(paths.AgentlessQueueDir)
                ? Directory.EnumerateFileSystemEntries(paths.AgentlessQueueDir).Select(p => Path.GetFileName(p)).Where(n => !n.StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                : [];
            var text = AgentListRenderer.Render(_hostName(), reader.StatusesOf(LoadKeys(paths)), agentless, o.ActiveOnly, o.Format);
            return Finish(_out, text, 0);
        }

        if (o.ShowMaxAgents)
        {
            var max = MaxAgents.ToString(CultureInfo.InvariantCulture);
            return Finish(_out, o.Json
                ? new CJsonObject().Add("error", 0).Add("data", new CJsonObject().Add("max_agents", MaxAgents)).ToString()
                : o.Csv ? max + "\n" : $"Limit of agents: {max}\n", 0);
        }

        IReadOnlyList<KeyEntry> keys = [];
        KeyEntry? target = null;
        if (o.AgentId is not null && o.AgentId != "000")
        {
            keys = LoadKeys(paths);
            if (keys.Count == 0)
            {
                // OS_ReadKeys() ends the program before any output, -j or not.
                var log = new ToolErrorLog(_err, _time);
                if (!File.Exists(paths.ClientKeys))
                {
                    log.Error(1402, $"Authentication key file '{paths.ClientKeys}' not found.");
                }

                log.Error(1751, "File client.keys not found or empty.");
                return 1;
            }

            target = keys.FirstOrDefault(k => k.Id == o.AgentId);
            if (target is null)
            {
                if (o.Json)
                {
                    // OSSEC exits 0 after this JSON error.
                    return Finish(_out, AgentControlText.JsonError(40, "Invalid agent id"), 0);
                }

                _out.Write(AgentControlText.InvalidAgentId(o.AgentId));
                return Finish(_out, AgentControlText.Help, 1);
            }
        }

        if (o.Info)
        {
            var text = target is null
                ? AgentInfoRenderer.Render(null, _hostName(), AgentStatus.Active, reader.DetailsOfManager(HostIdentity.Uname(), HostIdentity.OssecVersion), o.Format, o.EndTime)
                : AgentInfoRenderer.Render(target, _hostName(), reader.StatusOf(target), reader.DetailsOf(target), o.Format, o.EndTime);
            return Finish(_out, text, 0);
        }

        if (o.MaintenanceAction is { } action)
        {
            var code = FimMaintenance.Run(action, o.AgentId, o.Json, _out);
            return Finish(_out, string.Empty, code);
        }

        var result = RemoteActions.Run(
            paths, o, id => id == "000" ? AgentStatus.Active : reader.StatusOf(keys.First(k => k.Id == id)), _out, new ToolErrorLog(_err, _time));
        return Finish(_out, string.Empty, result);
    }

    /// <summary>client.keys (with what the key store holds besides), in file order.</summary>
    private static IReadOnlyList<KeyEntry> LoadKeys(OssecPaths paths) => KeyStore.ForInstall(paths).Load().Entries;

    private static List<string> ExtractResetCounter(IReadOnlyList<string> args, out string? id, out bool missing)
    {
        var rest = new List<string>(args.Count);
        id = null;
        missing = false;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == ResetCounterOption)
            {
                if (i + 1 < args.Count)
                {
                    id = args[++i];
                }
                else
                {
                    missing = true;
                }
            }
            else if (args[i].StartsWith(ResetCounterOption + "=", StringComparison.Ordinal))
            {
                id = args[i][(ResetCounterOption.Length + 1)..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return rest;
    }

    private static int Finish(TextWriter writer, string text, int exitCode)
    {
        writer.Write(text);
        writer.Flush();
        return exitCode;
    }

    // A cluster node (etc/ossecsharp-registry.conf) also shows agents that another node serves. Without the registry
    // it still shows this node's view, and says so on stderr.
    private IReadOnlyDictionary<string, RegistryAgentStatus>? ClusterStatuses(OssecPaths paths)
    {
        try
        {
            if (paths.ReadInstallType() == InstallType.Agent || RegistrySettings.Load(paths) is not { } settings)
            {
                return null;
            }

            using var registry = new AgentRegistry(settings);
            return registry.Statuses();
        }
        catch (Exception ex) when (ex is RegistryException or IOException or UnauthorizedAccessException)
        {
            _err.Write($"{AgentControlText.Tool}: WARNING: {ex.Message} Showing this node's view only.\n");
            return null;
        }
    }
}
