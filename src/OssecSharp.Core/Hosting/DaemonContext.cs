using OssecSharp.Core.Cli;
using OssecSharp.Core.Layout;
using Serilog;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// What a daemon is created from, besides its configuration: its flags, install layout, logger, clock, shutdown
/// signals (the cancellation) and console writers.
/// </summary>
public sealed class DaemonContext
{
    internal DaemonContext(
        string name,
        OssecParseResult parse,
        CommonOptions options,
        OssecPaths paths,
        ILogger logger,
        ShutdownSignals signals,
        TimeProvider clock,
        TextWriter stdout,
        TextWriter stderr)
    {
        Name = name;
        Parse = parse;
        Options = options;
        Paths = paths;
        Logger = logger;
        Signals = signals;
        Clock = clock;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The daemon name (log tag).</summary>
    public string Name { get; }

    /// <summary>Every flag given, including the daemon's own (<c>Parse.Value('p')</c>).</summary>
    public OssecParseResult Parse { get; }

    /// <summary>The flags all daemons share.</summary>
    public CommonOptions Options { get; }

    /// <summary>The install layout (from <c>-D</c>, OSSEC_HOME, the executable's location or /var/ossec).</summary>
    public OssecPaths Paths { get; }

    /// <summary><c>-c</c> if given (relative to the working directory, as OSSEC reads it before chroot), else <c>etc/ossec.conf</c>.</summary>
    public string ConfigFile => Options.ConfigFile is { } file ? Path.GetFullPath(file) : Paths.OssecConf;

    /// <summary>The daemon's logger (ossec.log, stderr while starting or with <c>-f</c>).</summary>
    public ILogger Logger { get; }

    /// <summary>The shutdown signals (token, received signal).</summary>
    public ShutdownSignals Signals { get; }

    /// <summary>The clock (the system's; tests give their own).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Standard output (for tools that print).</summary>
    public TextWriter Stdout { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Stderr { get; }
}
