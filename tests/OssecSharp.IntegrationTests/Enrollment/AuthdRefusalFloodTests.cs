using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>
/// Issue #13 item 4: refused requests hold no connection slot during the pause before their close, refusal log lines
/// are rate-limited, and a legitimate agent-auth succeeds during a flood of refused requests.
/// </summary>
public sealed class AuthdRefusalFloodTests
{
    [Fact]
    public async Task Refused_requests_do_not_hold_slots_so_every_enrollment_succeeds_during_a_flood()
    {
        // OSSEC's 1-second pause: before the fix every refusal kept its slot for that second although its client had
        // gone; 8 clients retrying at once filled the 32 slots, and an agent got "Unable to queue auth connection".
        await using var authd = await AuthdHarness.StartAsync(
            o => o with { MaxConnections = 32, ErrorCloseDelay = TimeSpan.FromSeconds(1) }, password: "right-one\n");
        var flood = new RefusalFlood();
        using var stop = new CancellationTokenSource();
        var flooding = flood.RunAsync(authd.EndPoint, 8, leaving: 8, stop.Token);
        try
        {
            await ProcessRunner.WaitUntilAsync(() => flood.Refused > 30, TimeSpan.FromSeconds(20));
            for (var i = 0; i < 5; i++)
            {
                using var agent = new AgentRunner();
                var passFile = agent.Install.PathOf("pass");
                File.WriteAllText(passFile, "right-one");
                var result = await agent.RunAsync(authd.EndPoint, $"legit-{i}", o => o with { PasswordFile = passFile });
                result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flooding.WaitAsync(TimeSpan.FromSeconds(30));
        }

        flood.Refused.Should().BeGreaterThan(30);
        authd.Sink.LevelMessages.Should().NotContain(l => l.Contains("Unable to queue auth connection", StringComparison.Ordinal));
        authd.Sink.LevelMessages.Count(l => l.StartsWith("ERROR: Invalid password provided by", StringComparison.Ordinal))
            .Should().BeLessThan(5, "refusal lines are rate-limited");
    }

    [Fact]
    public async Task A_refused_peer_that_stays_gives_its_slot_back_and_is_closed_after_the_pause_as_ossec_does()
    {
        // One slot: before the fix, the refused peer waiting for its close kept it, and the agent was not queued.
        await using var authd = await AuthdHarness.StartAsync(
            o => o with { MaxConnections = 1, ErrorCloseDelay = TimeSpan.FromSeconds(3) }, password: "right-one\n");
        using var client = new TcpClient();
        await client.ConnectAsync(authd.EndPoint);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls12 });
        await ssl.WriteAsync("OSSEC PASS: nope OSSEC A:'x'\n"u8.ToArray());
        var buffer = new byte[1024];
        var first = await ssl.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var errorAt = Stopwatch.GetTimestamp();

        using (var agent = new AgentRunner())
        {
            var passFile = agent.Install.PathOf("pass");
            File.WriteAllText(passFile, "right-one");
            var result = await agent.RunAsync(authd.EndPoint, "while-refused-waits", o => o with { PasswordFile = passFile });
            result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
        }

        try
        {
            while (await ssl.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Closed without close_notify, as OSSEC does.
        }

        first.Should().BeGreaterThan(0);
        Stopwatch.GetElapsedTime(errorAt).Should().BeGreaterThan(TimeSpan.FromSeconds(2.5), "the error close comes after OSSEC's pause");
    }

    [Fact]
    public async Task The_authd_process_keeps_enrolling_during_a_flood_and_logs_refusals_rate_limited()
    {
        using var manager = new TestInstall();
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, manager.PathOf("etc", "sslmanager.cert"), manager.PathOf("etc", "sslmanager.key"));
        File.WriteAllText(manager.PathOf("etc", "authd.pass"), "Sup3rSecret\n");
        var port = FreePort.Tcp();
        await using var authd = ProcessRunner.Start("ossec-authd",
            [.. DaemonAccount.SameAsTest, "-f", "-D", manager.Home, "-p", port.ToString(CultureInfo.InvariantCulture)]);
        (await manager.WaitForOssecLogAsync("Started (pid", TimeSpan.FromSeconds(20))).Should().Contain("Started", authd.Stderr);
        var flood = new RefusalFlood();
        using var stop = new CancellationTokenSource();
        var flooding = flood.RunAsync(new IPEndPoint(IPAddress.Loopback, port), 12, leaving: 6, stop.Token);
        try
        {
            await ProcessRunner.WaitUntilAsync(() => flood.Refused > 50, TimeSpan.FromSeconds(30));
            for (var i = 0; i < 3; i++)
            {
                using var agent = new TestInstall("agent");
                File.WriteAllText(agent.PathOf("pass"), "Sup3rSecret\n");
                await using var run = await ProcessRunner.RunAsync("agent-auth",
                    ["-D", agent.Home, "-m", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-A", $"proc-{i}", "-P", agent.PathOf("pass")],
                    TimeSpan.FromSeconds(60));
                run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flooding.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var log = manager.ReadOssecLog().Split('\n');
        flood.Refused.Should().BeGreaterThan(50);
        log.Count(l => l.Contains("Invalid password provided by", StringComparison.Ordinal)).Should().BeLessThan(10);
        log.Count(l => l.Contains("Invalid request for new agent from", StringComparison.Ordinal)).Should().BeLessThan(10);
        log.Length.Should().BeLessThan(100, "a flood of refusals must not flood ossec.log");
    }
}
