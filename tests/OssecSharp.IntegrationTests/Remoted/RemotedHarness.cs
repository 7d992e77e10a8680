using System.Net;
using OssecSharp.Core.Layout;
using OssecSharp.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>An ossec-remoted running in-process on 127.0.0.1 (UDP and TCP, port 0) over a throwaway install.</summary>
internal sealed class RemotedHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly RemotedDaemon _daemon;
    private readonly Task<int> _run;

    private RemotedHarness(TestInstall install, RemotedDaemon daemon, CollectingEventOutput events, CollectingSink log)
    {
        Install = install;
        _daemon = daemon;
        Events = events;
        Log = log;
        _run = daemon.RunAsync(_stop.Token);
    }

    public TestInstall Install { get; }

    public CollectingEventOutput Events { get; }

    public CollectingSink Log { get; }

    public RemotedDaemon Daemon => _daemon;

    public IPEndPoint UdpEndPoint => new(IPAddress.Loopback, _daemon.UdpPort);

    public IPEndPoint TcpEndPoint => new(IPAddress.Loopback, _daemon.TcpPort);

    public static RemotedHarness Start(
        TestInstall install, RemotedConfig? settings = null, bool tcp = false, bool wildcard = false, int port = 0, RemoteListener? syslog = null)
    {
        var (logger, sink) = CollectingSink.CreateLogger("ossec-remoted");
        var events = new CollectingEventOutput();
        var listener = new RemoteListener { Port = port, Udp = true, Tcp = tcp, LocalIp = wildcard ? null : IPAddress.Loopback };
        var config = (settings ?? new RemotedConfig()) with
        {
            Listeners = syslog is null ? [listener] : [listener, syslog],

            // Small and fast for tests; production defaults are larger.
            Workers = 2,
            ShardsPerWorker = 8,
            ReceiveBufferBytes = 1 << 20,
            StateInterval = TimeSpan.FromMilliseconds(200),
            KeysPollInterval = TimeSpan.FromMilliseconds(100),
        };
        var daemon = new RemotedDaemon(new OssecPaths(install.Home), config, logger, _ => events);
        daemon.Prepare(CancellationToken.None);
        return new RemotedHarness(install, daemon, events, sink);
    }

    public Task<bool> WaitForEventsAsync(int count, TimeSpan? timeout = null) =>
        ProcessRunner.WaitUntilAsync(() => Events.Events.Count >= count, timeout ?? TimeSpan.FromSeconds(10));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        await _daemon.DisposeAsync();
        _stop.Dispose();
    }
}
