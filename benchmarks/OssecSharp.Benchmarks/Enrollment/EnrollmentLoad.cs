using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OssecSharp.Authd;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.LoadTool;
using Serilog.Core;

namespace OssecSharp.Benchmarks.Enrollment;

/// <summary>
/// An in-process ossec-authd over a throwaway install with <c>registered</c> agents already in client.keys, and
/// TLS 1.2 clients over libssl that enroll as OSSEC's agent-auth does (handshake, one request, read the key, close).
/// </summary>
internal sealed class EnrollmentLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly NativeTlsClient _client = new();
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
        var options = new AuthdConfig { BindAddress = IPAddress.Loopback, Port = 0, NoPassword = true };
        load._daemon = new AuthdDaemon(options, paths, Logger.None, () => new KeyStoreEnrollmentStore(KeyStore.ForInstall(paths)), TimeProvider.System);
        load._run = Task.Run(() => load._daemon.RunAsync(load._stop.Token));
        load.EndPoint = await load._daemon.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
        return load;
    }

    /// <summary>Batches committed by the key writer so far.</summary>
    public long Batches => _daemon.Registrar?.Batches ?? 0;

    /// <summary>Puts client.keys back to the registered agents only.</summary>
    public void ResetKeys()
    {
        File.Copy(_baseKeys, Paths.ClientKeys, overwrite: true);
    }

    /// <summary>
    /// Runs <paramref name="total"/> enrollments with <paramref name="parallel"/> blocking clients over the system's
    /// libssl (the load tool's, as agent-auth does it); returns enrollments per second.
    /// </summary>
    public Task<double> RunAsync(int total, int parallel)
    {
        var remaining = total;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, parallel).Select(_ => new Thread(() =>
        {
            var buffer = new byte[1024];
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var request = Encoding.ASCII.GetBytes($"OSSEC A:'bench-{Interlocked.Increment(ref _sequence)}'\n");
                var reply = _client.Exchange(EndPoint, request, buffer);
                if (reply is null || reply.Length < 9 || reply[6] != (byte)'K')
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} enrollments failed");
        }

        return Task.FromResult(total / watch.Elapsed.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _client.Dispose();
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
