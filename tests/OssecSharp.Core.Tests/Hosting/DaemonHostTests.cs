using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Hosting;

public sealed class DaemonHostTests
{
    private static DaemonSpec<string> Spec(Func<DaemonContext, string, CancellationToken, Task<int>> run, Func<DaemonContext, string>? load = null) => new()
    {
        Name = "ossec-test",
        CommandLine = OssecCommandSpec.ForDaemon("ossec-test", "ossec", "ossec", [new('p', "port", "Port")]),
        LoadConfig = load ?? (context => File.ReadAllText(context.ConfigFile)),
        Create = (context, config) => new TestDaemon(token => run(context, config, token)),
        // As agentlessd -r: a cron run (here "-p once", to keep the flags of the help test).
        RunsOnce = parse => parse.Value('p') == "once",
    };

    private sealed class TestDaemon(Func<CancellationToken, Task<int>> run, bool prepared = true) : IDaemon
    {
        public bool Disposed { get; private set; }

        public Task<bool> PrepareAsync(CancellationToken cancellationToken) => Task.FromResult(prepared);

        public Task<int> RunAsync(CancellationToken cancellationToken) => run(cancellationToken);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private static (DaemonHost<string> Host, CollectingSink Logs, StringWriter Stderr) Host(TestInstall install, DaemonSpec<string> spec)
    {
        var logs = new CollectingSink("ossec-test");
        var stderr = new StringWriter();
        var host = new DaemonHost<string>(spec, new DaemonHostOptions
        {
            Stderr = stderr,
            ExtraSinks = [logs],
            AllowDaemonize = false,
            ResolvePaths = _ => new OssecPaths(install.Home),
        });
        return (host, logs, stderr);
    }

    [Fact]
    public async Task Signal_stops_the_daemon_logs_it_and_removes_the_pid_file()
    {
        using var install = new TestInstall();
        string? pidFileSeen = null;
        string? port = null;
        var spec = Spec(async (context, _, token) =>
        {
            pidFileSeen = context.Paths.PidFile("ossec-test", Environment.ProcessId);
            File.Exists(pidFileSeen).Should().BeTrue();
            port = context.Parse.Value('p');
            context.Signals.RequestShutdown(15);
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        });
        var (host, logs, _) = Host(install, spec);

        var code = await host.RunAsync(["-p", "1515"]).WaitAsync(TimeSpan.FromSeconds(10));

        code.Should().Be(1);
        port.Should().Be("1515");
        File.Exists(pidFileSeen).Should().BeFalse();
        logs.Lines.Should().Contain($"ossec-test: INFO: Started (pid: {Environment.ProcessId}).");
        logs.Lines.Should().Contain("ossec-test(1225): INFO: SIGNAL [(15)-(Terminated)] Received. Exit Cleaning...");
        install.ReadOssecLog().Should().Contain("ossec-test(1225): INFO: SIGNAL [(15)-(Terminated)]");
    }

    [Fact]
    public async Task Run_result_is_the_exit_code_when_no_signal_came()
    {
        using var install = new TestInstall();
        var (host, _, _) = Host(install, Spec((_, config, _) => Task.FromResult(config.Length > 0 ? 7 : 8)));

        (await host.RunAsync(["-f"]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(7);
    }

    [Fact]
    public async Task Config_error_logs_and_exits_1_without_running()
    {
        using var install = new TestInstall();
        var ran = false;
        var spec = Spec((_, _, _) => { ran = true; return Task.FromResult(0); }, _ => throw new InvalidDataException("ossec.conf:3: bad <port>."));
        var (host, logs, stderr) = Host(install, spec);

        (await host.RunAsync([]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(1);

        ran.Should().BeFalse();
        logs.Lines.Should().Contain("ossec-test: ERROR: ossec.conf:3: bad <port>.");
        logs.Lines.Should().Contain(l => l.StartsWith("ossec-test(1202): CRITICAL: Configuration error at '", StringComparison.Ordinal));
        stderr.ToString().Should().Contain("ossec-test: ERROR: ossec.conf:3: bad <port>.");
        Directory.GetFiles(install.PathOf("var", "run")).Should().BeEmpty();
    }

    [Fact]
    public async Task Missing_var_run_is_a_fatal_start_up_error()
    {
        using var install = new TestInstall();
        Directory.Delete(install.PathOf("var", "run"));
        var (host, logs, _) = Host(install, Spec((_, _, _) => Task.FromResult(0)));

        (await host.RunAsync([]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(1);

        // A file error is one line that names the file, in OSSEC's words.
        logs.Lines.Should().Contain(l => l.StartsWith($"ossec-test(1103): CRITICAL: Could not open file '{install.PathOf("var", "run")}/", StringComparison.Ordinal)
            && l.EndsWith(" due to [(2)-(No such file or directory)].", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explicit_unknown_user_is_fatal_when_root()
    {
        using var install = new TestInstall();
        var (host, logs, _) = Host(install, Spec((_, _, _) => Task.FromResult(0)));

        var code = await host.RunAsync(["-u", "no-such-user-ossecsharp"]).WaitAsync(TimeSpan.FromSeconds(10));

        if (Interop.Libc.IsRoot)
        {
            code.Should().Be(1);
            logs.Lines.Should().Contain("ossec-test(1203): CRITICAL: Invalid user or group: 'no-such-user-ossecsharp'.");
        }
        else
        {
            code.Should().Be(0);
        }
    }

    [Fact]
    public async Task Help_version_and_bad_flags_do_not_start_anything()
    {
        using var install = new TestInstall();
        var (host, logs, stderr) = Host(install, Spec((_, _, _) => Task.FromResult(5)));

        (await host.RunAsync(["-h"])).Should().Be(0);
        (await host.RunAsync(["-V"])).Should().Be(0);
        (await host.RunAsync(["-q"])).Should().Be(1);
        (await host.RunAsync(["-p"])).Should().Be(1);

        logs.Events.Should().BeEmpty();
        stderr.ToString().Should().Contain("  ossec-test: -[Vhdtf] [-u user] [-g group] [-c config] [-D dir] [-p port]")
            .And.Contain("OSSEC HIDS v4.2.0 - OssecSharp 1.0.0")
            .And.Contain("ossec-test: invalid option -- 'q'")
            .And.Contain("ossec-test: option requires an argument -- 'p'");
    }

    [Fact]
    public async Task A_daemon_with_nothing_to_run_exits_0_without_a_pid_file_and_is_disposed()
    {
        using var install = new TestInstall();
        var daemon = new TestDaemon(_ => Task.FromResult(5), prepared: false);
        var spec = Spec((_, _, _) => Task.FromResult(5));
        var (host, logs, _) = Host(install, new DaemonSpec<string>
        {
            Name = spec.Name,
            CommandLine = spec.CommandLine,
            LoadConfig = spec.LoadConfig,
            Create = (_, _) => daemon,
        });

        (await host.RunAsync(["-f"]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0);

        daemon.Disposed.Should().BeTrue();
        Directory.GetFiles(install.PathOf("var", "run")).Should().BeEmpty();
        logs.Lines.Should().NotContain(l => l.Contains("Started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_once_writes_no_pid_file_and_no_started_line_and_a_refused_config_adds_no_line()
    {
        using var install = new TestInstall();
        string[]? runFiles = null;
        var (host, logs, _) = Host(install, Spec((context, _, _) =>
        {
            runFiles = Directory.GetFiles(context.Paths.VarRun);
            return Task.FromResult(2);
        }));

        (await host.RunAsync(["-p", "once"]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(2);

        runFiles.Should().BeEmpty();
        logs.Lines.Should().NotContain(l => l.Contains("Started", StringComparison.Ordinal));

        var (refusing, refusedLogs, _) = Host(install, Spec((_, _, _) => Task.FromResult(0), _ => throw new StartupRefusedException()));
        (await refusing.RunAsync(["-f"]).WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(1);
        refusedLogs.Events.Should().BeEmpty();
    }
}
