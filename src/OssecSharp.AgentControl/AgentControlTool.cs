using OssecSharp.Core.Cli;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;

namespace OssecSharp.AgentControl;

/// <summary>
/// agent_control on the manager: lists agents and their status from the agent-info files remoted writes, shows one
/// agent, asks remoted to restart agents or run responses, and (OssecSharp extension) resets one agent's counter.
/// </summary>
internal sealed class AgentControlTool
{
    /// <summary>OSSEC's getopt string <c>VehdlLcsjaru:i:b:f:R:</c>, plus <c>-D dir</c> for the install directory.</summary>
    public static readonly OssecCommandSpec Spec = new(AgentControlText.Tool, string.Empty,
        [.. "VehdlLcsjar".Select(c => new OssecOption(c, null)), .. "uibfRD".Select(c => new OssecOption(c, "arg"))]);

    /// <summary>Long option of the counter reset (no OSSEC flag is taken by it).</summary>
    public const string ResetCounterOption = "--reset-counter";

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
        var o = new Options();
        foreach (var (flag, value) in parsed.Occurrences)
        {
            switch (flag)
            {
                case 'V': return Finish(_err, AgentControlText.Version, 0);
                case 'h': return Finish(_out, AgentControlText.Help, 1);
                case 'L': o.ListResponses = true; break;
                case 'e': o.EndTime = true; break;
                case 'r': o.RestartSyscheck = true; break;
                case 'l': o.ListAgents = true; break;
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

    private int Execute(OssecPaths paths, Options o, string? resetId)
    {
        var reader = new AgentInfoReader(paths, _time);
        var keys = KeyStore.ForInstall(paths).Load().Entries;
        if (resetId is not null)
        {
            var agent = keys.FirstOrDefault(k => k.Id == resetId);
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
            var format = o.Json ? AgentListRenderer.Format.Json : o.Csv ? AgentListRenderer.Format.Csv : AgentListRenderer.Format.Text;
            IEnumerable<string> agentless = Directory.Exists(paths.AgentlessQueueDir)
                ? Directory.EnumerateFileSystemEntries(paths.AgentlessQueueDir).Select(p => Path.GetFileName(p)).Where(n => !n.StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                : [];
            return Finish(_out, AgentListRenderer.Render(_hostName(), reader.StatusesOf(keys), agentless, o.ActiveOnly, format), 0);
        }

        KeyEntry? target = null;
        if (o.AgentId is not null && o.AgentId != "000")
        {
            target = keys.FirstOrDefault(k => k.Id == o.AgentId);
            if (target is null)
            {
                _out.Write(AgentControlText.InvalidAgentId(o.AgentId));
                return Finish(_out, AgentControlText.Help, 1);
            }
        }

        if (o.Info)
        {
            var text = target is null
                ? AgentInfoRenderer.Render(null, _hostName(), AgentStatus.Active, reader.DetailsOfManager(HostIdentity.Uname(), HostIdentity.OssecVersion), o.Csv, o.EndTime)
                : AgentInfoRenderer.Render(target, _hostName(), reader.StatusOf(target), reader.DetailsOf(target), o.Csv, o.EndTime);
            return Finish(_out, text, 0);
        }

        return RemoteActions.Run(paths, o.RestartSyscheck, o.RestartAll, o.RestartAgent, o.AgentId, o.Ip, o.Response, _out);
    }

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

    private sealed class Options
    {
        public bool ListResponses { get; set; }
        public bool EndTime { get; set; }
        public bool RestartSyscheck { get; set; }
        public bool ListAgents { get; set; }
        public bool Csv { get; set; }
        public bool Json { get; set; }
        public bool ActiveOnly { get; set; }
        public bool Info { get; set; }
        public string? AgentId { get; set; }
        public string? Ip { get; set; }
        public string? Response { get; set; }
        public bool RestartAgent { get; set; }
        public bool RestartAll { get; set; }
        public string? Home { get; set; }
    }
}
