using System.Globalization;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// One manager in OSSEC's real layout for the layout tests: installed by install.sh as root, with authd
/// (<c>ossec-control enable auth</c>, its port in <c>AUTHD_OPTIONS</c>) and agentlessd (a local probe script)
/// enabled, started with <c>ossec-control start</c>. Agents are installed beside it by the tests that need them.
/// </summary>
public sealed class LayoutManagerFixture : IAsyncLifetime
{
    /// <summary>The path the agentless probe reports (an integrity record, so agentlessd writes an event).</summary>
    public const string ProbePath = "/etc/layout-probe";

    private readonly TempFolder _folder = new("ossec-layout-");
    private readonly List<LayoutInstall> _agents = [];
    private LayoutInstall? _manager;

    public int RemotePort { get; } = FreePort.UdpAndTcp();

    public int AuthPort { get; } = FreePort.Tcp();

    internal LayoutInstall Manager => _manager ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        // The accounts must reach the installs under it.
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)0x1ED /* 0755 */);
        _manager = await LayoutInstall.CreateAsync(_folder.Combine("manager"), "server");
        _manager.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{RemotePort}</port>
                <protocol>udp</protocol>
                <local_ip>127.0.0.1</local_ip>
              </remote>
              <agentless>
                <type>layout_probe</type>
                <frequency>3600</frequency>
                <host>probe@127.0.0.1</host>
                <state>periodic</state>
                <arguments>/etc</arguments>
              </agentless>
            </ossec_config>
            """);

        // A local agentless script, installed as the layout installs OSSEC's (0550 root:ossec): agentlessd, as
        // ossec, runs it and writes the integrity record it forwards into the archives.
        var probe = _manager.PathOf("agentless", "layout_probe");
        await File.WriteAllTextAsync(probe, $"""
            #!/bin/sh
            [ "$1" = test ] && exit 0
            echo "FWD: 42:644:0:0:0123456789abcdef0123456789abcdef:0123456789abcdef0123456789abcdef01234567 {ProbePath}"
            """ + "\n");
        (await ProcessRunner.RunAsync("/bin/chown", ["root:ossec", probe])).ExitCode.Should().Be(0);
        File.SetUnixFileMode(probe, (UnixFileMode)0x168 /* 0550 */);

        await File.AppendAllTextAsync(_manager.PathOf("bin", ".process_list"),
            $"AUTHD_OPTIONS=\"-p {AuthPort.ToString(CultureInfo.InvariantCulture)}\"\n");
        await _manager.ControlAsync("enable", "auth");
        await _manager.ControlAsync("enable", "agentless");
        await _manager.ControlAsync("start");
    }

    /// <summary>Installs an agent (not started) reporting to the manager and following <c>logs/probe.log</c>.</summary>
    internal async Task<LayoutInstall> CreateAgentAsync(string name)
    {
        var agent = await LayoutInstall.CreateAsync(_folder.Combine(name), "agent");
        _agents.Add(agent);
        var log = _folder.Combine(name + ".log");
        await File.WriteAllTextAsync(log, string.Empty);
        File.SetUnixFileMode(log, (UnixFileMode)0x1A4 /* 0644 */);
        agent.WriteConfig($"""
            <ossec_config>
              <client>
                <server-ip>127.0.0.1</server-ip>
                <port>{RemotePort}</port>
                <protocol>udp</protocol>
                <notify_time>5</notify_time>
                <time-reconnect>30</time-reconnect>
              </client>
              <localfile>
                <log_format>syslog</log_format>
                <location>{log}</location>
              </localfile>
            </ossec_config>
            """);
        return agent;
    }

    /// <summary>The log file an agent created by <see cref="CreateAgentAsync"/> follows.</summary>
    internal string AgentLogOf(string name) => _folder.Combine(name + ".log");

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.StopAsync();
        }

        if (_manager is not null)
        {
            await _manager.StopAsync();
        }

        _folder.Dispose();
    }
}
