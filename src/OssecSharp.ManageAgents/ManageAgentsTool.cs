using OssecSharp.Core.Hosting;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.ManageAgents.Cli;
using OssecSharp.ManageAgents.Dialogs;
using OssecSharp.ManageAgents.Input;
using OssecSharp.ManageAgents.Store;
using OssecSharp.ManageAgents.Text;

namespace OssecSharp.ManageAgents;

/// <summary>
/// manage_agents: the flags of OSSEC 4.x (manage-agents.md §7) in command-line order, then the menu.
/// </summary>
internal sealed class ManageAgentsTool
{
    /// <summary>getopt string of OSSEC 4.x plus <c>-D dir</c> (install directory, as every OssecSharp tool takes).</summary>
    public const string OptionSpec = "VhljdD:e:r:i:f:a:n:F:";

    private readonly ToolSession _s;
    private readonly TextReader _stdin;

    public ManageAgentsTool(ToolSession session, TextReader stdin)
    {
        _s = session;
        _stdin = stdin;
    }

    /// <summary>The install directory named by <c>-D</c>, if any (read before anything else).</summary>
    public static string? InstallDirectory(IReadOnlyList<string> args) =>
        GetOptions.Parse(MenuText.Tool, OptionSpec, args).Options.LastOrDefault(o => o.Flag == 'D').Value;

    /// <summary>Builds a session for the install at <paramref name="paths"/>.</summary>
    public static ToolSession CreateSession(
        OssecPaths paths, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        object mutationGate, TimeProvider time)
    {
        var agentBuild = paths.ReadInstallType() == InstallType.Agent;
        return new ToolSession
        {
            Out = stdout,
            Error = stderr,
            Input = new UserInput(stdin, stdout),
            Answers = ScriptedAnswers.FromEnvironment(environment),
            // One-shot: a scripted -a/-r scans the file's bytes under the lock instead of indexing every line.
            Store = ClusterStore(paths, new CoreAgentKeyStore(new KeyStore(paths.ClientKeys) { OneShot = true }, mutationGate)),
            StateFiles = new AgentStateFiles(paths),
            Paths = paths,
            Log = new ToolLog(stderr, paths.OssecLog, time),
            Time = time,
            AgentBuild = agentBuild,
        };
    }

    // With etc/ossecsharp-registry.conf (a cluster node, docs/cluster.md) changes also go to the shared registry.
    private static IAgentKeyStore ClusterStore(OssecPaths paths, IAgentKeyStore local) =>
        paths.ReadInstallType() != InstallType.Agent && Core.Registry.RegistrySettings.Load(paths) is { } settings
            ? new RegistryAgentKeyStore(local, new Core.Registry.AgentRegistry(settings))
            : local;

    /// <summary>Runs with the given arguments; returns the exit code.</summary>
    public int Run(IReadOnlyList<string> args)
    {
        try
        {
            return RunCore(GetOptions.Parse(MenuText.Tool, OptionSpec, args));
        }
        catch (ToolExitException exit)
        {
            return exit.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KeyStoreLockTimeoutException)
        {
            // OSSEC's FOPEN_ERROR/ErrorExit: a clear line and exit 1; a change of client.keys is one write under the lock.
            var line = FileAccessError.Matches(ex)
                ? FileAccessError.Describe(ex)
                : $"Could not open file '{_s.Paths.ClientKeys}' due to [{ex.Message}].";
            if (_s.Json)
            {
                _s.Write(JsonText.Error(71, line.TrimEnd('.')));
            }
            else
            {
                _s.Log.Write($"{MenuText.Tool}(1103): ERROR: {line}");
            }

            return 1;
        }
    }

    private int RunCore(GetOptions parsed)
    {
        string? export = null, import = null, bulk = null;
        var list = false;
        foreach (var (flag, value) in parsed.Options)
        {
            switch (flag)
            {
                case 'V':
                    return WriteError(MenuText.Version, 0);
                case 'h':
                    return WriteError(MenuText.Help, 0);
                case 'e':
                    RequireManager("Key export only available on a master.");
                    export = value;
                    break;
                case 'r':
                    RequireManager("Key removal only available on a master.");
                    _s.Answers.Action = "r";
                    _s.Answers.AgentId = value;
                    _s.Answers.Confirmed = "y";
                    break;
                case 'i':
                    if (!_s.AgentBuild)
                    {
                        Fatal("Key import only available on an agent.");
                    }

                    import = value;
                    break;
                case 'f':
                    RequireManager("Bulk generate keys only available on a master.");
                    bulk = value;
                    _s.Write($"Bulk load file: {value}\n");
                    break;
                case 'l':
                    list = true;
                    break;
                case 'j':
                    _s.Json = true;
                    break;
                case 'a':
                    RequireManager("Agent adding only available on a master.");
                    _s.Answers.Action = "a";
                    _s.Answers.AgentIp = value;
                    _s.Answers.AgentId = "0";
                    _s.Answers.Confirmed = "y";
                    break;
                case 'n':
                    _s.Answers.AgentName = value;
                    break;
                case 'F':
                    _s.Answers.RemoveDuplicated = value;
                    break;
            }
        }

        if (parsed.BadFlag is { } bad)
        {
            if (parsed.MissingArgument)
            {
                Fatal($"-{bad} needs an argument.");
            }

            _s.Error.Write($"{MenuText.Tool}: invalid option -- '{bad}'\n");
            return WriteError(MenuText.Help, 1);
        }

        if (list)
        {
            _s.Json = false;
            AgentLister.Run(_s, fromCommandLine: true);
            return 0;
        }

        if (import is not null)
        {
            new ImportKeyDialog(_s).Run(import);
            return 0;
        }

        if (export is not null)
        {
            return new ExtractKeyDialog(_s).RunCommand(export);
        }

        if (bulk is not null)
        {
            return RunBulk(bulk);
        }

        if (ScriptedRun.Applies(_s.Answers) && ScriptedRun.TryRun(_s) is { } scriptedCode)
        {
            return scriptedCode;
        }

        return new MainMenu(_s).Run();
    }

    private int RunBulk(string file)
    {
        if (file == "-")
        {
            _s.Write("Reading bulk agents from stdin\n");
            new BulkLoader(_s).Run(_stdin);
            return 0;
        }

        _s.Write($"Opening: [{file}]\n");
        StreamReader reader;
        try
        {
            reader = new StreamReader(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is UnauthorizedAccessException ? "(13)-(Permission denied)" : "(2)-(No such file or directory)";
            _s.Error.Write($"Failed.: {(ex is UnauthorizedAccessException ? "Permission denied" : "No such file or directory")}\n");
            _s.Log.Write($"{MenuText.Tool}(1103): ERROR: Could not open file '{file}' due to [{reason}].");
            return 1;
        }

        using (reader)
        {
            new BulkLoader(_s).Run(reader);
        }

        return 0;
    }

    private void RequireManager(string message)
    {
        if (_s.AgentBuild)
        {
            Fatal(message);
        }
    }

    /// <summary>ErrorExit(): the message goes to stderr and ossec.log with a timestamp, and the run ends with 1.</summary>
    private void Fatal(string message)
    {
        _s.Log.Write($"{MenuText.Tool}: {message}");
        throw new ToolExitException(1);
    }

    private int WriteError(string text, int exitCode)
    {
        _s.Error.Write(text);
        _s.Error.Flush();
        return exitCode;
    }
}
