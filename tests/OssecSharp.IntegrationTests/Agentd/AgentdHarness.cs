using System.Net.Sockets;
using System.Text;
using OssecSharp.Agentd;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentd;

/// <summary>An agent install with ossec-agentd running in-process, and helpers to feed and inspect it.</summary>
internal sealed class AgentdHarness : IAsyncDisposable
{
    public static readonly AgentIdentity DefaultIdentity =
        new("1024", "agent1", "any", IsSingleHost: false, "43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8");

    private readonly TestInstall _install = new("agent");
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _run;

    public AgentdHarness()
    {
        Paths = new OssecPaths(_install.Home);
        File.WriteAllText(Paths.ClientKeys,
            $"{DefaultIdentity.Id} {DefaultIdentity.Name} {DefaultIdentity.IpString} {DefaultIdentity.Key}\n");
    }

    public OssecPaths Paths { get; }

    public CollectingSink Log { get; } = new("ossec-agentd");

    public static SessionOptions Session(params int[] ports) => new()
    {
        Servers = [.. ports.Select(_ => new ServerAddress("127.0.0.1", IsHostname: false))],
        Port = ports[0],
        NotifyTime = TimeSpan.FromSeconds(1),
        ReconnectTime = TimeSpan.FromSeconds(3),
        HandshakeStep = TimeSpan.FromMilliseconds(100),
    };

    public void Start(AgentdConfig settings)
    {
        var daemon = new AgentdDaemon(Paths, settings, Log.NewLogger(), TimeProvider.System);
        var identity = daemon.LoadIdentity() ?? throw new InvalidOperationException("no key");
        _run = Task.Run(() => daemon.RunAsync(identity, _stop.Token));
    }

    /// <summary>Sends one message to the agent's local queue socket, as logcollector does (NUL-terminated).</summary>
    public void SendLocal(string message)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Paths.OssecQueueSocket));
        socket.Send(Encoding.UTF8.GetBytes(message + "\0"));
    }

    public async Task<bool> WaitLocalSocketAsync() =>
        await ProcessRunner.WaitUntilAsync(() => File.Exists(Paths.OssecQueueSocket), TimeSpan.FromSeconds(10));

    public string State() => File.Exists(Paths.StateFile("ossec-agentd")) ? File.ReadAllText(Paths.StateFile("ossec-agentd")) : string.Empty;

    public async Task<int> StopAsync()
    {
        if (_run is null)
        {
            return -1;
        }

        await _stop.CancelAsync();
        var code = await _run.WaitAsync(TimeSpan.FromSeconds(20));
        _run = null;
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _stop.Dispose();
            _install.Dispose();
        }
    }
}
