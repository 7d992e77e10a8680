using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>
/// Parallel clients that send requests authd refuses (wrong password, malformed, bad name) over TLS until stopped;
/// the first <c>leaving</c> of them leave as soon as the error arrives, the others stay until the server closes.
/// Seeded, so runs repeat.
/// </summary>
internal sealed class RefusalFlood
{
    private static readonly string[] s_requests =
    [
        "OSSEC PASS: wrong-password OSSEC A:'flood'\n",
        "GET / HTTP/1.1\r\n\r\n",
        "OSSEC PASS: wrong-password OSSEC A:'../../etc'\n",
        "OSSEC A:'no-password'\n",
    ];

    private long _refused;

    public long Refused => Interlocked.Read(ref _refused);

    public Task RunAsync(IPEndPoint server, int clients, int leaving, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(i => ClientAsync(server, i, i < leaving, stop)));

    private async Task ClientAsync(IPEndPoint server, int index, bool leave, CancellationToken stop)
    {
        var random = new Random(index);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
                cts.CancelAfter(TimeSpan.FromSeconds(10));
                using var client = new TcpClient();
                await client.ConnectAsync(server, cts.Token);
                await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls12 }, cts.Token);
                await ssl.WriteAsync(Encoding.ASCII.GetBytes(s_requests[random.Next(s_requests.Length)]), cts.Token);
                var buffer = new byte[1024];
                var read = await ssl.ReadAsync(buffer, cts.Token);
                if (read > 0 && buffer.AsSpan(0, read).StartsWith("ERROR"u8))
                {
                    Interlocked.Increment(ref _refused);
                }

                if (leave)
                {
                    continue; // gone at once: the server must not keep a slot for us
                }

                while (await ssl.ReadAsync(buffer, cts.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
