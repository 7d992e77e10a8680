using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>A bare TLS 1.2 client (as OSSEC's agent-auth) that sends given bytes and collects every record received.</summary>
internal static class RawTlsClient
{
    public static async Task<string> ExchangeAsync(IPEndPoint server, byte[] request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server, cts.Token);
        await using var ssl = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
        }, cts.Token);
        await ssl.WriteAsync(request, cts.Token);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await ssl.ReadAsync(buffer, cts.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}
