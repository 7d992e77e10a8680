using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// Bounded, seeded fuzzing of the ossec-authd process with mutated enrollment lines over TLS. Afterwards the process is
/// alive, every line it wrote to client.keys is a well-formed key line, and a real agent-auth still enrolls.
/// </summary>
public sealed partial class EnrollmentFuzzTests
{
    [Fact]
    public async Task Fuzzed_enrollment_lines_leave_authd_alive_and_client_keys_well_formed()
    {
        var budget = new FuzzBudget("authd-enrollment-line");
        var mutator = new Mutator(budget.Seed, [
            "OSSEC PASS: Sup3rSecret OSSEC A:'fuzz-agent'\n",
            "OSSEC PASS: Sup3rSecret OSSEC A:'fuzz-agent' IP:'10.1.2.3'\n",
            "OSSEC PASS: Sup3rSecret OSSEC A:'fuzz-agent' G:'group'\n",
            "OSSEC PASS: wrong OSSEC A:'fuzz-agent'\n",
            "OSSEC A:'no-pass'\n",
        ]);
        using var manager = new TestInstall();
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, manager.PathOf("etc", "sslmanager.cert"), manager.PathOf("etc", "sslmanager.key"));
        File.WriteAllText(manager.PathOf("etc", "authd.pass"), "Sup3rSecret\n");
        var port = FreePort.Tcp();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        await using var authd = ProcessRunner.Start("ossec-authd",
            [.. DaemonAccount.SameAsTest, "-f", "-D", manager.Home, "-p", port.ToString(CultureInfo.InvariantCulture)]);
        (await manager.WaitForOssecLogAsync("Started (pid", TimeSpan.FromSeconds(20))).Should().Contain("Started", authd.Stderr);

        // Eight clients at a time: TLS handshakes dominate the cost.
        var inputs = new List<byte[]>();
        while (budget.Next())
        {
            inputs.Add(mutator.Next(6000));
            if (inputs.Count == 8)
            {
                await Task.WhenAll(inputs.Select(i => ExchangeAsync(endPoint, i)));
                inputs.Clear();
            }
        }

        authd.HasExited.Should().BeFalse(budget.ToString());
        using var agent = new TestInstall("agent");
        File.WriteAllText(agent.PathOf("pass"), "Sup3rSecret\n");
        await using (var run = await ProcessRunner.RunAsync("agent-auth",
            ["-D", agent.Home, "-m", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-A", "after-fuzz", "-P", agent.PathOf("pass")],
            TimeSpan.FromSeconds(60)))
        {
            run.ExitCode.Should().Be(0, budget + run.Stdout + run.Stderr);
        }

        var keys = File.ReadAllLines(manager.PathOf("etc", "client.keys"));
        keys.Should().Contain(l => l.Contains(" after-fuzz ", StringComparison.Ordinal));
        keys.Should().OnlyContain(l => KeyLine().IsMatch(l), budget.ToString());
        var log = manager.ReadOssecLog();
        log.Should().NotContain("Unexpected error", budget.ToString()).And.NotContain("Unhandled exception");
        log.Split('\n').Should().OnlyContain(l => l.Length < 1200, "untrusted input is capped in log lines");
        budget.Report($"agents_added={keys.Length - 1}");
    }

    private static async Task ExchangeAsync(IPEndPoint server, byte[] request)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            using var client = new TcpClient();
            await client.ConnectAsync(server, cts.Token);
            await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls12 }, cts.Token);
            await ssl.WriteAsync(request, cts.Token);

            // End of request: a line without its newline is then handled at once instead of at authd's read deadline.
            client.Client.Shutdown(SocketShutdown.Send);

            // The first reply record is enough; leaving at once also exercises the server's "peer gone" path.
            _ = await ssl.ReadAsync(new byte[4096], cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException)
        {
            // A refusal may close before or while we read.
        }
    }

    [GeneratedRegex("^[0-9]{3,8} [A-Za-z0-9._-]{1,128} (any|[0-9.]+(/[0-9]+)?) [0-9a-f]{64}$")]
    private static partial Regex KeyLine();
}
