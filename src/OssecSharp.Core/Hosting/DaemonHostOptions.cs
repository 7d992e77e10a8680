using OssecSharp.Core.Layout;
using Serilog.Core;

namespace OssecSharp.Core.Hosting;

/// <summary>Process-level inputs of <see cref="DaemonHost{TConfig}"/>; tests replace them.</summary>
public sealed class DaemonHostOptions
{
    /// <summary>Standard output.</summary>
    public TextWriter Stdout { get; init; } = TextWriter.Null;

    /// <summary>Standard error (help, version, getopt errors, log lines while starting or with <c>-f</c>).</summary>
    public TextWriter Stderr { get; init; } = TextWriter.Null;

    /// <summary>Extra log sinks (tests collect events in memory).</summary>
    public IReadOnlyList<ILogEventSink> ExtraSinks { get; init; } = [];

    /// <summary>Resolves the install from <c>-D</c>; default: <see cref="OssecPaths.ResolveForProcess"/>.</summary>
    public Func<string?, OssecPaths> ResolvePaths { get; init; } = OssecPaths.ResolveForProcess;

    /// <summary>False for in-process hosting (tests): never re-executes itself, treats every run as foreground.</summary>
    public bool AllowDaemonize { get; init; } = true;

    /// <summary>How long the launcher waits for the detached child to write its PID file.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock handed to the daemon (<see cref="DaemonContext.Clock"/>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where users and groups are looked up for <c>-u</c>/<c>-g</c>.</summary>
    public UserDatabase Users { get; init; } = new();
}
