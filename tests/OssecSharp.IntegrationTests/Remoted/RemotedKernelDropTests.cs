using System.Net.Sockets;
using OssecSharp.Remoted;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>Issue #13 item 9: datagrams the kernel drops (receive buffer full) are counted and reported.</summary>
public sealed class RemotedKernelDropTests
{
    [Fact]
    public async Task A_flood_into_a_small_receive_buffer_shows_kernel_drops_in_the_state_file_and_the_log()
    {
        using var install = new TestInstall();
        var line = TestAgent.NewKeyLine("001", "web01");
        File.WriteAllText(install.PathOf("etc", "client.keys"), line + "\n");
        await using var remoted = RemotedHarness.Start(install, new RemotedConfig { ReceiveBufferBytes = 4096 });
        var state = install.PathOf("var", "run", "ossec-remoted.state");
        (await ProcessRunner.WaitUntilAsync(() => File.Exists(state), TimeSpan.FromSeconds(10))).Should().BeTrue();
        File.ReadAllText(state).Should().Contain("kernel_dropped=0\n");

        // Bounded floods, far more bytes than 4 KB of buffer can hold between two reads. remoted reads in batches
        // and may keep up with one round when the sender is slowed by other work on the machine: at most five.
        var sent = 0;
        using (var flood = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            flood.Connect(remoted.UdpEndPoint);
            var junk = new byte[1400];
            for (var round = 0; round < 5 && KernelDropped(state) <= 0; round++)
            {
                for (var i = 0; i < 30_000; i++)
                {
                    flood.Send(junk);
                }

                sent += 30_000;
                await ProcessRunner.WaitUntilAsync(() => KernelDropped(state) > 0, TimeSpan.FromSeconds(2));
            }
        }

        (await ProcessRunner.WaitUntilAsync(() => KernelDropped(state) > 0, TimeSpan.FromSeconds(10))).Should().BeTrue(File.ReadAllText(state));
        var dropped = KernelDropped(state);
        var received = remoted.Daemon.Stats.Received;
        (received + dropped).Should().BeLessThanOrEqualTo(sent, "what the kernel dropped was never received");
        (await ProcessRunner.WaitUntilAsync(
            () => remoted.Log.Lines.Any(l => l.Contains("datagrams dropped by the kernel since the last report", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10))).Should().BeTrue("the drops are reported in ossec.log");

        // The 4 KB buffer may still be full of junk when the agent first speaks, so it repeats itself as a
        // real agent would; the daemon must come through the flood able to accept it.
        using var agent = new TestAgent(line, remoted.UdpEndPoint);
        var delivered = await ProcessRunner.WaitUntilAsync(
            () =>
            {
                if (remoted.Events.Events.Count > 0)
                {
                    return true;
                }

                agent.Send("1:test:after the flood");
                return false;
            },
            TimeSpan.FromSeconds(10));
        delivered.Should().BeTrue("remoted still accepts an agent after the flood");
    }

    private static long KernelDropped(string state)
    {
        var text = File.Exists(state) ? File.ReadAllText(state) : string.Empty;
        var entry = text.Split('\n').FirstOrDefault(l => l.StartsWith("kernel_dropped=", StringComparison.Ordinal));
        return entry is null ? -1 : long.Parse(entry["kernel_dropped=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
