using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OssecSharp.Authd;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using Serilog.Core;

namespace OssecSharp.Benchmarks.Enrollment;

/// <summary>
/// An in-process ossec-authd over a throwaway install with <c>registered</c> agents already in client.keys, and
/// TLS 1.2 clients that enroll as OSSEC's agent-auth does (handshake, one request, read the key, close).
/// </summary>
internal sealed class EnrollmentLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _home;
    private readonly string _baseKeys;
    private AuthdDaemon _daemon = null!;
    private Task<int> _run = null!;
    private int _sequence;

    private EnrollmentLoad(string home)
    {
        _home = home;
        _baseKeys = Path.Combine(home, "client.keys.base");
    }

    public IPEndPoint EndPoint { get; private set; } = null!;

    public OssecPaths Paths => new(_home);

    public static async Task<EnrollmentLoad> StartAsync(int registered, bool ecdsa)
    {
        var home = Path.Combine(Path.GetTempPath(), "ossec-enroll-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var load = new EnrollmentLoad(home);
        Directory.CreateDirectory(Path.Combine(home, "etc"));
        Directory.CreateDirectory(Path.Combine(home, "logs"));
        var paths = load.Paths;
        WriteCertificate(paths, ecdsa);
        var text = new StringBuilder(registered * 90);
        for (var i = 0; i < registered; i++)
        {
            text.Append(1024 + i).Append(" registered-").Append(i).Append(" any ").Append(KeyGenerator.NewKey()).Append('\n');
        }

        await File.WriteAllTextAsync(load._baseKeys, text.ToString());
        load.ResetKeys();
        var options = new AuthdOptions { BindAddress = IPAddress.Loopback, Port = 0, NoPassword = true };
        load._daemon = new AuthdDaemon(options, paths, Logger.None, () => new KeyStoreEnrollmentStore(KeyStore.ForInstall(paths)), TimeProvider.System);
        load._run = Task.Run(() => load._daemon.RunAsync(load._stop.Token));
        load.EndPoint = await load._daemon.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
        return load;
    }

    /// <summary>Batches committed by the key writer so far.</summary>
    public long Batches => _daemon.Registrar?.Batches ?? 0;

    /// <summary>Puts client.keys back to the registered agents only.</summary>
    public void ResetKeys() => File.Copy(_baseKeys, Paths.ClientKeys, overwrite: true);

    /// <summary>Runs <paramref name="total"/> enrollments with <paramref name="parallel"/> clients; returns enrollments per second.</summary>
    public async Task<double> RunAsync(int total, int parallel)
    {
        var remaining = total;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await EnrollOneAsync($"bench-{Interlocked.Increment(ref _sequence)}");
            }
        });
        await Task.WhenAll(workers);
        return total / watch.Elapsed.TotalSeconds;
    }

    public async Task EnrollOneAsync(string name)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(EndPoint);
        await using var ssl = new SslStream(client.GetStream(), false, static (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
        });
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"OSSEC A:'{name}'\n"));
        var buffer = new byte[512];
        var read = await ssl.ReadAsync(buffer);
        if (read < 9 || buffer[6] != (byte)'K')
        {
            throw new InvalidOperationException("enrollment failed: " + Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private static void WriteCertificate(OssecPaths paths, bool ecdsa)
    {
        var now = DateTimeOffset.UtcNow;
        using AsymmetricAlgorithm key = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is ECDsa ec
            ? new CertificateRequest("O=Bench,CN=localhost", ec, HashAlgorithmName.SHA256)
            : new CertificateRequest("O=Bench,CN=localhost", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(paths.ManagerCertificate, cert.ExportCertificatePem());
        File.WriteAllText(paths.ManagerKey, key.ExportPkcs8PrivateKeyPem());
    }
}
