using System.Net;
using System.Net.Sockets;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Interop;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Net.Tls;
using Serilog;

namespace OssecSharp.Authd;

/// <summary>
/// ossec-authd after the common start-up (flags, logging, PID file, <c>Started</c>): key file, password, TLS context,
/// listener (enrollment.md §5.1 steps 4–10), then serve until the stop token fires.
/// </summary>
internal sealed partial class AuthdDaemon
{
    private readonly AuthdConfig _options;
    private readonly OssecPaths _paths;
    private readonly ILogger _log;
    private readonly Func<IEnrollmentKeyStore> _storeFactory;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuthdDaemon(AuthdConfig options, OssecPaths paths, ILogger log, Func<IEnrollmentKeyStore> storeFactory, TimeProvider time)
    {
        _options = options;
        _paths = paths;
        _log = log;
        _storeFactory = storeFactory;
        _time = time;
    }

    /// <summary>Completes with the bound endpoint once the daemon accepts connections (faults if start-up failed).</summary>
    public Task<IPEndPoint> WaitUntilListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    private EnrollmentRegistrar? _registrar;
    private EnrollmentListener? _listener;

    /// <summary>Registrar of the running daemon (tests and the load tool read its batch count).</summary>
    internal EnrollmentRegistrar? Registrar => _registrar;

    /// <summary>
    /// Start-up work done before privileges are dropped (enrollment.md §5.1 steps 4–7): key file, password, TLS context,
    /// bind. Logs OSSEC's error lines and returns false on failure.
    /// </summary>
    public bool Prepare()
    {
        if (_listener is not null)
        {
            return true;
        }

        if (!EnsureKeyFile() || !FoldLegacyJournal())
        {
            return false;
        }

        var password = AuthdPassword.Load(_paths.AuthdPass, _options.NoPassword, _log);
        if (password is null)
        {
            return false;
        }

        var tls = CreateTls();
        if (tls is null)
        {
            return false;
        }

        var connections = new ConnectionRegistry(_options.MaxConnections);
        _registrar = new EnrollmentRegistrar(_storeFactory(), _log, capacity: _options.MaxConnections + 64);
        // Refusals and TLS failures come from untrusted clients: one line per kind and source every 10 s, as remoted.
        var throttle = new LogThrottle(_time, TimeSpan.FromSeconds(10));
        var session = new EnrollmentSession(_options, password, tls, _registrar, _log, throttle);
        try
        {
            _listener = EnrollmentListener.Bind(_options.BindAddress, _options.Port,
                connections, session, _log, throttle);
        }
        catch (SocketException e)
        {
            _log.Error("Unable to bind to port {Port} ({Reason:l})", _options.Port, e.Message);
            return false;
        }

        var endPoint = _listener.LocalEndPoint;
        _log.Debug("Socket bound for {Family:l}: {Address:l} on port {Port}",
            endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4", endPoint.Address.ToString(), endPoint.Port);
        return true;
    }

    /// <summary>Serves until <paramref name="stopping"/> fires (preparing first if needed); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        if (!Prepare() || _listener is null || _registrar is null)
        {
            _listening.TrySetException(new InvalidOperationException("ossec-authd could not start."));
            return 1;
        }

        await using (_registrar.ConfigureAwait(false))
        {
            using (_listener)
            {
                _listening.TrySetResult(_listener.LocalEndPoint);
                var counters = _registrar.Counters;
                var state = new StateFileWriter(_paths.StateFile("ossec-authd"), "ossec-authd", counters.StateValues,
                    TimeSpan.FromSeconds(5), _log, counters.Metrics);
                using var stopState = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                // Installs always have var/run; a bare folder (some tools' tests) gets no state file rather than warnings.
                var stateTask = Directory.Exists(_paths.VarRun) ? state.RunAsync(stopState.Token) : Task.CompletedTask;
                await _listener.RunAsync(TimeSpan.FromSeconds(60), stopping).ConfigureAwait(false);
                await stopState.CancelAsync().ConfigureAwait(false);
                await stateTask.ConfigureAwait(false);
            }
        }

        if (stopping.IsCancellationRequested)
        {
            _log.Information("Shutdown requested; stopping new enrollments.");
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

        return HandOverKeyFiles(path);
    }

    /// <summary>
    /// As OSSEC's authd does before dropping privileges: when started as root and the <c>-u</c>/<c>-g</c> account
    /// exists, client.keys becomes that account's, mode 0640 (group ossec, remoted's, keeps reading it). Nothing else
    /// in <c>etc/</c> is needed: enrollments are appended to client.keys itself.
    /// </summary>
    private bool HandOverKeyFiles(string keys)
    {
        if (OperatingSystem.IsWindows() || !Libc.IsRoot)
        {
            return true;
        }

        var users = new UserDatabase();
        if (users.FindUser(_options.User) is not { } account || users.FindGroup(_options.Group) is not { } gid)
        {
            return true;
        }

        try
        {
            if (Libc.Chown(keys, account.Uid, gid) != 0)
            {
                _log.Error("Unable to set ownership of {Path:l} to {Uid}:{Gid}", keys, account.Uid, gid);
                return false;
            }

            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to open {Path:l} (key file)", keys);
            return false;
        }

        return true;
    }

    /// <summary>
    /// An older OssecSharp kept fresh enrollments in <c>etc/client.keys.journal</c>: fold what such a journal holds into
    /// client.keys once, while still root (deleting it needs write access to <c>etc/</c>).
    /// </summary>
    private bool FoldLegacyJournal()
    {
        var store = KeyStore.ForInstall(_paths);
        try
        {
            var folded = store.FoldLegacyJournal();
            if (folded > 0)
            {
                _log.Information("Moved {Count} agents from {Journal:l} into client.keys.", folded, store.LegacyJournalPath);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyStoreLockTimeoutException)
        {
            _log.Error("Unable to move the agents of {Journal:l} into client.keys: {Reason:l}", store.LegacyJournalPath, e.Message);
            return false;
        }
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
