using System.Net.Sockets;
using System.Text;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.AgentControl;

/// <summary>agent_control as a process against an install with agent-info files and a stand-in remoted socket.</summary>
[Trait("Area", "AgentControl")]
public sealed class AgentControlProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lists_status_from_agent_info_and_resets_one_counter()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"),
            "001 alive01 10.0.0.1 " + new string('a', 64) + "\n002 old02 any " + new string('b', 64) + "\n003 new03 any " + new string('c', 64) + "\n");
        File.WriteAllText(install.PathOf("queue", "agent-info", "alive01-10.0.0.1"), "Linux alive01 - OSSEC HIDS v4.2.0\n");
        var old = install.PathOf("queue", "agent-info", "old02-any");
        File.WriteAllText(old, "Linux old02 - OSSEC HIDS v4.2.0\n");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));
        File.WriteAllText(install.PathOf("queue", "rids", "002"), "9:9000:");
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var list = await ProcessRunner.RunAsync("agent_control", ["-l", "-s"], Timeout, env);

        list.ExitCode.Should().Be(0);
        list.Stdout.Should().EndWith("001,alive01,10.0.0.1,Active,\n002,old02,any,Disconnected,\n003,new03,any,Never connected,\n\n");

        var reset = await ProcessRunner.RunAsync("agent_control", ["--reset-counter", "002"], Timeout, env);
        reset.ExitCode.Should().Be(0);
        reset.Stdout.Should().Contain("Counter of agent '002' (old02) reset").And.Contain("was '9:9000:'");
        File.Exists(install.PathOf("queue", "rids", "002")).Should().BeFalse();
    }

    [Fact]
    public async Task Restart_request_reaches_remoted_socket_in_OSSEC_format()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), "001 alive01 10.0.0.1 " + new string('a', 64) + "\n");
        File.WriteAllText(install.PathOf("queue", "agent-info", "alive01-10.0.0.1"), "Linux alive01 - OSSEC HIDS v4.2.0\n");
        // What OSSEC's analysisd writes at start: the agents' execd learns restart-ossec0 from it.
        File.WriteAllText(install.PathOf("etc", "shared", "ar.conf"), "restart-ossec0 - restart-ossec.sh - 0\nrestart-ossec0 - restart-ossec.cmd - 0\n");
        using var remoted = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        remoted.Bind(new UnixDomainSocketEndPoint(install.PathOf("queue", "alerts", "ar")));
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var run = await ProcessRunner.RunAsync("agent_control", ["-R", "001"], Timeout, env);

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Be("\nOSSEC HIDS agent_control: Restarting agent: 001\n");
        var buffer = new byte[1024];
        using var cts = new CancellationTokenSource(Timeout);
        var n = await remoted.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Encoding.UTF8.GetString(buffer, 0, n).Should().Be("(msg_to_agent) [] NNS 001 restart-ossec0 - null (from_the_server) (no_rule_id)\0");
    }

    [Fact]
    public async Task Restart_is_refused_with_exit_1_when_the_agent_could_not_act_on_it()
    {
        using var install = new TestInstall();
        File.WriteAllText(install.PathOf("etc", "client.keys"), "001 alive01 10.0.0.1 " + new string('a', 64) + "\n002 gone02 any " + new string('b', 64) + "\n");
        File.WriteAllText(install.PathOf("queue", "agent-info", "alive01-10.0.0.1"), "Linux alive01 - OSSEC HIDS v4.2.0\n");
        using var remoted = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        remoted.Bind(new UnixDomainSocketEndPoint(install.PathOf("queue", "alerts", "ar")));
        var env = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        // Our manager runs no analysisd, so nothing wrote restart-ossec0 into the agents' ar.conf.
        var noResponse = await ProcessRunner.RunAsync("agent_control", ["-R", "001"], Timeout, env);
        File.WriteAllText(install.PathOf("etc", "shared", "ar.conf"), "restart-ossec0 - restart-ossec.sh - 0\n");
        var notConnected = await ProcessRunner.RunAsync("agent_control", ["-R", "002"], Timeout, env);
        var json = await ProcessRunner.RunAsync("agent_control", ["-j", "-R", "002"], Timeout, env);

        noResponse.ExitCode.Should().Be(1);
        noResponse.Stdout.Should().Be("\n** Unable to restart agent: 001: etc/shared/ar.conf has no 'restart-ossec0' response for the agent's ossec-execd to run.\n");
        notConnected.ExitCode.Should().Be(1);
        notConnected.Stdout.Should().Be("\n** Unable to restart agent: 002: the agent is not connected (Never connected).\n");
        json.ExitCode.Should().Be(1);
        json.Stdout.Should().Be("{\"error\":46,\"description\":\"Unable to restart agent: the agent is not connected (Never connected).\"}\n");
        remoted.Available.Should().Be(0, "nothing was sent to remoted");
    }
}
