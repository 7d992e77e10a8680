using System.Net;
using System.Net.Sockets;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Net.Tls;
using Serilog;

namespace OssecSharp.Authd;

/// <summary>
/// ossec-authd after the common start-up (flags, logging, PID file, <c>Started</c>): key file, password, TLS context,
/// listener (enrollment.md §5.1 steps 4–10), then serve until the stop token fires.
/// </summary>
internal sealed class AuthdDaemon
{
    private readonly AuthdOptions _options;
    private readonly OssecPaths _paths;
    private readonly ILogger _log;
    private readonly Func<IEnrollmentKeyStore> _storeFactory;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuthdDaemon(AuthdOptions options, OssecPaths paths, ILogger log, Func<IEnrollmentKeyStore> storeFactory, TimeProvider time)
    {
        _options = options;
        _paths = paths;
        _log = log;
        _storeFactory = storeFactory;
        _time = time;
    }

    /// <summary>Completes with the bound endpoint once the daemon accepts connections (faults if start-up failed).</summary>
    public Task<IPEndPoint> WaitUntilListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    /// <summary>Registrar of the running daemon (tests read its batch count).</summary>
    internal EnrollmentRegistrar? Registrar { get; private set; }

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var code = await RunCoreAsync(stopping).ConfigureAwait(false);
        _listening.TrySetException(new InvalidOperationException($"ossec-authd stopped (exit code {code})."));
        return code;
    }

    private async Task<int> RunCoreAsync(CancellationToken stopping)
    {
        if (!EnsureKeyFile())
        {
            return 1;
        }

        var password = AuthdPassword.Load(_paths.AuthdPass, _options.NoPassword, _log);
        if (password is null)
        {
            return 1;
        }

        var tls = CreateTls();
        if (tls is null)
        {
            return 1;
        }

        var settings = new AuthdSettings
        {
            BindAddress = _options.BindAddress,
            Port = _options.Port,
            UseSourceIp = _options.UseSourceIp,
            Password = password,
            RequestTimeout = _options.RequestTimeout,
            MaxConnections = _options.MaxConnections,
            ErrorCloseDelay = _options.ErrorCloseDelay,
        };

        var registrar = new EnrollmentRegistrar(_storeFactory(), _log, capacity: settings.MaxConnections + 64);
        await using (registrar.ConfigureAwait(false))
        {
            Registrar = registrar;
            var session = new EnrollmentSession(settings, tls, registrar, _log, new LogThrottle(20));
            EnrollmentListener listener;
            try
            {
                listener = EnrollmentListener.Bind(settings.BindAddress, settings.Port,
                    new ConnectionRegistry(settings.MaxConnections), session, _log);
            }
            catch (SocketException e)
            {
                _log.Error("Unable to bind to port {Port} ({Reason:l})", settings.Port, e.Message);
                return 1;
            }

            using (listener)
            {
                var endPoint = listener.LocalEndPoint;
                _log.Debug("Socket bound for {Family:l}: {Address:l} on port {Port}",
                    endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4", endPoint.Address.ToString(), endPoint.Port);
                _listening.TrySetResult(endPoint);
                await listener.RunAsync(TimeSpan.FromSeconds(60), stopping).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private bool EnsureKeyFile()
    {
        var path = _paths.ClientKeys;
        try
        {
            if (!File.Exists(path))
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
                }

                using var created = new FileStream(path, options);
            }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another process: fine.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to open {Path:l} (key file)", path);
            return false;
        }

        return true;
    }

    private EnrollmentTls? CreateTls()
    {
        try
        {
            if (!OpenSslCipherList.TryParse(_options.Ciphers, out var suites))
            {
                throw new TlsSetupException($"Invalid cipher list: {_options.Ciphers}");
            }

            var identity = TlsCertificateLoader.LoadIdentity(
                _options.CertificateFile ?? _paths.ManagerCertificate, _options.KeyFile ?? _paths.ManagerKey);
            var cas = _options.CaFile is null ? null : TlsCertificateLoader.LoadCa(_options.CaFile);
            if (cas is not null)
            {
                _log.Debug("Peer verification requested.");
            }

            var options = TlsOptionsFactory.CreateServerOptions(identity, cas is not null, OpenSslCipherList.ToPolicy(suites));
            return new EnrollmentTls(options, cas, _time);
        }
        catch (TlsSetupException e)
        {
            _log.Error("{Message:l}", e.Message);
            _log.Error("SSL error. Exiting.");
            return null;
        }
    }
}
