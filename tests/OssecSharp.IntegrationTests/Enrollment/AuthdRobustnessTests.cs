using System.Net.Sockets;
using System.Text;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>Malformed and oversized requests, crowds of idle connections, garbage floods.</summary>
public sealed class AuthdRobustnessTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "ERROR: Invalid request: expected OSSEC A:'<agent name>'.\n\n")]
    [InlineData("OSSEC A:'unterminated\n", "ERROR: Invalid request: expected OSSEC A:'<agent name>'.\n\n")]
    [InlineData("OSSEC PASS: x OSSEC A:'pw-to-nopass'\n", "ERROR: Invalid request: this manager takes no password (ossec-authd -n); run agent-auth without -P.\n\n")]
    public async Task Malformed_requests_get_a_reason_and_no_key(string request, string expected)
    {
        await using var authd = await AuthdHarness.StartAsync();

        var reply = await RawTlsClient.ExchangeAsync(authd.EndPoint, Encoding.UTF8.GetBytes(request), TimeSpan.FromSeconds(10));

        reply.Should().Be(expected);
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        authd.Sink.LevelMessages.Should().Contain("ERROR: Invalid request for new agent from: 127.0.0.1");
    }

    [Fact]
    public async Task An_oversized_request_is_refused_and_the_daemon_keeps_serving()
    {
        await using var authd = await AuthdHarness.StartAsync();
        var huge = Encoding.ASCII.GetBytes("OSSEC A:'" + new string('a', 100_000));

        var reply = await RawTlsClient.ExchangeAsync(authd.EndPoint, huge, TimeSpan.FromSeconds(10));

        reply.Should().Be("ERROR: Invalid request: larger than 4096 bytes.\n\n");
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        var ok = await RawTlsClient.ExchangeAsync(authd.EndPoint, "OSSEC A:'after-huge'\n"u8.ToArray(), TimeSpan.FromSeconds(10));
        ok.Should().StartWith("OSSEC K:'1024 after-huge any ");
    }

    [Fact]
    public async Task Hundreds_of_idle_connections_do_not_stop_a_real_enrollment()
    {
        // Cap below the crowd: the idle ones are evicted to make room for the agent.
        await using var authd = await AuthdHarness.StartAsync(o => o with { MaxConnections = 100, RequestTimeout = TimeSpan.FromSeconds(30) });
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(authd.EndPoint).WaitAsync(TimeSpan.FromSeconds(5));
                idle.Add(client);
            }

            // Some speak a little TLS-looking garbage and then stall.
            foreach (var client in idle.Take(50))
            {
                await client.GetStream().WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });
            }

            using var agent = new AgentRunner();
            var started = DateTime.UtcNow;
            var result = await agent.RunAsync(authd.EndPoint, "through-the-crowd");

            result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout));
            (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(10));
            agent.ClientKeys.Should().StartWith("1024 through-the-crowd any ");
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_garbage_flood_does_not_take_the_daemon_down()
    {
        await using var authd = await AuthdHarness.StartAsync();
        // Drawn before the clients start: Random is not thread-safe, and every fourth request needs two bytes.
        var random = new Random(42);
        var floods = Enumerable.Range(0, 200).Select(_ =>
        {
            var bytes = new byte[random.Next(2, 4000)];
            random.NextBytes(bytes);
            return bytes;
        }).ToList();
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(authd.EndPoint);
            var junk = floods[i];
            if (i % 4 == 0)
            {
                junk[0] = 0x16; // TLS handshake record type with a garbage body
                junk[1] = 0x03;
            }

            try
            {
                await client.GetStream().WriteAsync(junk);
                await client.GetStream().ReadAsync(new byte[100]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException)
            {
            }
        });
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        using var agent = new AgentRunner();
        var result = await agent.RunAsync(authd.EndPoint, "after-flood");
        result.ExitCode.Should().Be(0);
        authd.Sink.LevelMessages.Count(l => l.StartsWith("ERROR: SSL Error", StringComparison.Ordinal)).Should().BeLessThan(200, "TLS errors are rate limited");
    }
}
