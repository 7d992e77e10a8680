using System.Net;
using OssecSharp.Authd;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;
using Serilog;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>An in-process ossec-authd on 127.0.0.1 (port 0) over a throwaway install with generated certificates.</summary>
internal sealed class AuthdHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    private AuthdHarness(TestInstall install, AuthdDaemon daemon, CollectingSink sink)
    {
        Install = install;
        Daemon = daemon;
        Sink = sink;
        _run = Task.Run(() => daemon.RunAsync(_stop.Token));
    }

    public TestInstall Install { get; }

    public AuthdDaemon Daemon { get; }

    public CollectingSink Sink { get; }

    public IPEndPoint EndPoint { get; private set; } = null!;

    public OssecPaths Paths => new(Install.Home);

    public static async Task<AuthdHarness> StartAsync(
        Func<AuthdConfig, AuthdConfig>? configure = null,
        string? password = null,
        bool ecdsa = false,
        X509CertificateSetup? certificates = null)
    {
        var install = new TestInstall();
        var paths = new OssecPaths(install.Home);
        var server = certificates?.Server ?? TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback], ecdsa);
        TestCertificates.WritePem(server, paths.ManagerCertificate, paths.ManagerKey);
        if (password is not null)
        {
            File.WriteAllText(paths.AuthdPass, password);
        }

        var options = new AuthdConfig
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            NoPassword = password is null,
            ErrorCloseDelay = TimeSpan.FromMilliseconds(50),
        };
        options = configure?.Invoke(options) ?? options;
        var sink = new CollectingSink("ossec-authd");
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var daemon = new AuthdDaemon(options, paths, log, () => KeyStoreEnrollmentStore.ForInstall(paths, options, TimeProvider.System, log), TimeProvider.System);
        var harness = new AuthdHarness(install, daemon, sink);
        try
        {
            harness.EndPoint = await daemon.WaitUntilListeningAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>Stops the daemon and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        _stop.Cancel();
        return await _run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
        }

        _stop.Dispose();
        Install.Dispose();
    }
}

/// <summary>Certificates a test wants the server to use.</summary>
internal sealed record X509CertificateSetup(System.Security.Cryptography.X509Certificates.X509Certificate2 Server);
