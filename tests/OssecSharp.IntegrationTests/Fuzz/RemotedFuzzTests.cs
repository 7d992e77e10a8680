using System.Net;
using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Protocol;
using OssecSharp.IntegrationTests.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// Bounded, seeded fuzzing of the ossec-remoted process: mutated datagrams over UDP and mutated frames over TCP.
/// Afterwards the process must be alive, must not have logged an unexpected error, and must serve a good agent.
/// </summary>
public sealed class RemotedFuzzTests
{
    private static readonly string[] s_asRoot = ["-u", "root", "-g", "root"];

    [Fact]
    public async Task Fuzzed_datagrams_leave_remoted_alive_and_serving()
    {
        var budget = new FuzzBudget("remoted-udp-datagram");
        await using var run = await RemotedRun.StartAsync();
        using var victim = new TestAgent(run.VictimLine, run.Server);
        var mutator = new Mutator(budget.Seed, Samples(victim));
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(run.Server);
        while (budget.Next())
        {
            udp.Send(mutator.Next(65507));
            if (budget.Inputs % 256 == 0)
            {
                await Task.Delay(1); // let the kernel buffer drain now and then: the inputs should be read, not dropped
            }
        }

        await run.AssertServesAsync(tcp: false, budget);
        budget.Report();
    }

    [Fact]
    public async Task Fuzzed_tcp_frames_leave_remoted_alive_and_serving()
    {
        var budget = new FuzzBudget("remoted-tcp-frame");
        await using var run = await RemotedRun.StartAsync();
        using var victim = new TestAgent(run.VictimLine, run.Server);
        var mutator = new Mutator(budget.Seed, Samples(victim).Select(d => TcpFraming.Encode(d)));
        var connections = 0;
        while (budget.Next())
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(run.Server);
            connections++;
            try
            {
                // A few frames per connection, mutated across frame boundaries; then close (sometimes mid-frame).
                var frames = 1 + mutator.Random.Next(4);
                for (var i = 0; i < frames; i++)
                {
                    await socket.SendAsync(mutator.Next(70000));
                }
            }
            catch (SocketException)
            {
                // remoted closed this connection for a framing error: expected.
            }
        }

        await run.AssertServesAsync(tcp: true, budget);
        budget.Report($"connections={connections}");
    }

    private static IEnumerable<byte[]> Samples(TestAgent victim)
    {
        yield return victim.Encode("#!-agent startup ");
        yield return victim.Encode("1:/var/log/auth.log:an event");
        yield return victim.Encode("#!-Linux |host |4.2 / 0123456789abcdef0123456789abcdef merged.mg\n");
        yield return victim.Encode("1:" + new string('x', 5000));
        yield return Encoding.ASCII.GetBytes("!001!#AES:garbage");
        yield return Encoding.ASCII.GetBytes("!001!:garbage");
        yield return Encoding.ASCII.GetBytes(":nothing");
    }

    /// <summary>A remoted process over UDP and TCP with two agents: a victim whose datagrams are mutated, and a good one.</summary>
    private sealed class RemotedRun : IAsyncDisposable
    {
        private readonly TestInstall _install;
        private readonly ProcessRunner _process;

        private RemotedRun(TestInstall install, ProcessRunner process, int port, string victim, string good)
        {
            _install = install;
            _process = process;
            Server = new IPEndPoint(IPAddress.Loopback, port);
            VictimLine = victim;
            GoodLine = good;
        }

        public IPEndPoint Server { get; }

        public string VictimLine { get; }

        public string GoodLine { get; }

        public static async Task<RemotedRun> StartAsync()
        {
            var install = new TestInstall();
            var port = FreePort.UdpAndTcp();
            install.WriteConfig($"""
                <ossec_config>
                  <remote>
                    <connection>secure</connection>
                    <port>{port}</port>
                    <protocol>udp,tcp</protocol>
                    <local_ip>127.0.0.1</local_ip>
                  </remote>
                </ossec_config>
                """);
            var victim = TestAgent.NewKeyLine("001", "victim");
            var good = TestAgent.NewKeyLine("002", "good");
            File.WriteAllText(install.PathOf("etc", "client.keys"), victim + "\n" + good + "\n");
            var process = ProcessRunner.Start("ossec-remoted", ["-f", "-D", install.Home, .. s_asRoot]);
            (await install.WaitForOssecLogAsync("Started (pid: ", TimeSpan.FromSeconds(20))).Should().Contain("Started", process.Stderr);
            return new RemotedRun(install, process, port, victim, good);
        }

        public async Task AssertServesAsync(bool tcp, FuzzBudget budget)
        {
            _process.HasExited.Should().BeFalse(budget.ToString());
            using var good = new TestAgent(GoodLine, Server, tcp);
            good.Send("#!-agent startup ");
            (await good.ReceiveAsOssecAsync(TimeSpan.FromSeconds(10))).Should().Be("#!-agent ack ", budget.ToString());
            good.Send("1:/var/log/fuzz.log:still served");
            var archives = _install.PathOf("logs", "archives", "archives.log");
            (await ProcessRunner.WaitUntilAsync(
                () => File.Exists(archives) && File.ReadAllText(archives).Contains("(good) any->/var/log/fuzz.log still served", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15))).Should().BeTrue(budget.ToString());
            var log = _install.ReadOssecLog();
            log.Should().NotContain("Unexpected error", budget.ToString()).And.NotContain("Unhandled exception");
            log.Split('\n').Should().OnlyContain(l => l.Length < 1200, "untrusted input is capped in log lines");
            _process.HasExited.Should().BeFalse(budget.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            _install.Dispose();
        }
    }
}
