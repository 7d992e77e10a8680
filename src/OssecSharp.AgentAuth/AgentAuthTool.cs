using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Net.Tls;
using OssecSharp.Core.Protocol;

namespace OssecSharp.AgentAuth;

/// <summary>
/// agent-auth: asks the manager's ossec-authd for a key over TLS and stores it in <c>etc/client.keys</c>. Output lines
/// are OSSEC 4.2's (enrollment.json vectors); every failure says why, exits 1 and leaves client.keys untouched.
/// </summary>
internal sealed partial class AgentAuthTool
{
    private readonly AgentAuthOptions _options;
    private readonly OssecPaths _paths;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly IAgentKeyWriter _keyWriter;

    public AgentAuthTool(AgentAuthOptions options, OssecPaths paths, TextWriter stdout, TextWriter stderr, IAgentKeyWriter keyWriter)
    {
        _options = options;
        _paths = paths;
        _out = stdout;
        _err = stderr;
        _keyWriter = keyWriter;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.Manager))
        {
            Complain("agent-auth: ERROR: Manager IP not set.");
            return 1;
        }

        if ((_options.CertificateFile is null) != (_options.KeyFile is null))
        {
            Complain("agent-auth: ERROR: Both a certificate (-x) and its key (-k) are needed to present a client certificate.");
            return 1;
        }

        if (!OpenSslCipherList.TryParse(_options.Ciphers, out var suites))
        {
            Complain($"agent-auth: ERROR: Invalid cipher list: {_options.Ciphers}");
            return 1;
        }

        TlsIdentity? identity = null;
        X509Certificate2Collection? cas = null;
        try
        {
            if (_options.CertificateFile is not null)
            {
                identity = TlsCertificateLoader.LoadIdentity(_options.CertificateFile, _options.KeyFile!);
            }

            if (_options.CaFile is not null)
            {
                cas = TlsCertificateLoader.LoadCa(_options.CaFile);
            }
        }
        catch (TlsSetupException e)
        {
            Complain($"agent-auth: ERROR: {e.Message}");
            Complain("agent-auth: ERROR: SSL error. Exiting.");
            return 1;
        }

        if (!TryReadPassword(out var password))
        {
            return 1;
        }

        var name = _options.AgentName ?? Dns.GetHostName();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            return await EnrollAsync(name, password, identity, cas, OpenSslCipherList.ToPolicy(suites), deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Say($"ERROR: No answer from the manager within {(int)_options.Timeout.TotalSeconds} seconds.");
            return 1;
        }
    }

    private async Task<int> EnrollAsync(
        string name, string? password, TlsIdentity? identity, X509Certificate2Collection? cas, CipherSuitesPolicy? ciphers,
        CancellationToken token)
    {
        var manager = _options.Manager!;
        IPAddress address;
        try
        {
            address = IPAddress.TryParse(manager.Trim('[', ']'), out var literal)
                ? literal
                : (await Dns.GetHostAddressesAsync(manager, token))[0];
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            Complain($"agent-auth: ERROR: Could not resolve hostname: {manager}");
            return 1;
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, _options.Port), token);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            Complain($"agent-auth: ERROR: Unable to connect to {address}:{_options.Port} ({e.Message})");
            return 1;
        }

        Complain($"INFO: Connected to {manager} at address {address}, port {_options.Port}");
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            var options = TlsOptionsFactory.CreateClientOptions(manager, identity, ciphers);
            try
            {
                await ssl.AuthenticateAsClientAsync(options, token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                Complain($"agent-auth: ERROR: SSL error ({e.Message}). Exiting.");
                return 1;
            }

            Say($"INFO: Connected to {address}:{_options.Port}");
            if (cas is not null && !VerifyManager(ssl, cas, manager))
            {
                return 1;
            }

            Say($"INFO: Using agent name as: {name}");
            try
            {
                await ssl.WriteAsync(EnrollmentRequest.Format(name, password), token);
                await ssl.FlushAsync(token);
            }
            catch (IOException)
            {
                Say("SSL write error (unable to send message.)");
                return 1;
            }

            Say("INFO: Send request to manager. Waiting for reply.");
            return await ReadRepliesAsync(ssl, token);
        }
        finally
        {
            await ssl.DisposeAsync();
        }
    }

    private bool VerifyManager(SslStream ssl, X509Certificate2Collection cas, string manager)
    {
        Say("INFO: Verifying manager's certificate");
        if (ssl.RemoteCertificate is not { } remote)
        {
            Say("ERROR: Unable to verify server certificate: the manager sent no certificate.");
            return false;
        }

        using var certificate = new X509Certificate2(remote);
        var verdict = CertificateChainCheck.Verify(certificate, null, cas, DateTime.UtcNow);
        if (!verdict.IsValid)
        {
            Say($"ERROR: Unable to verify server certificate: {verdict.Code}:{verdict.Reason} "
                + $"(subject {verdict.Subject}, issuer {verdict.Issuer}).");
            return false;
        }

        if (!HostNameCheck.Matches(certificate, manager))
        {
            Say($"ERROR: Unable to verify server certificate: it is not valid for {manager} "
                + $"(subject {DistinguishedNames.OneLine(certificate.SubjectName)}).");
            return false;
        }

        return true;
    }

    private async Task<int> ReadRepliesAsync(SslStream ssl, CancellationToken token)
    {
        var buffer = new byte[65536];
        var length = 0;
        while (true)
        {
            int read;
            try
            {
                read = await ssl.ReadAsync(buffer.AsMemory(length), token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0 && length > 0 && HandleRecord(buffer.AsSpan(0, length).ToArray()) is { } last)
            {
                // A last record without its blank line.
                return last;
            }

            if (read == 0)
            {
                // OSSEC's authd closes without close_notify after a refusal; agent-auth reports it this way.
                Say("ERROR: SSL read (unable to receive message)");
                return 1;
            }

            length += read;

            // Each manager record ends with a blank line; take every complete one.
            int end;
            while ((end = buffer.AsSpan(0, length).IndexOf("\n\n"u8)) >= 0
                   || (length == buffer.Length && (end = length - 2) >= 0))
            {
                var record = buffer.AsSpan(0, end + 2).ToArray();
                buffer.AsSpan(end + 2, length - end - 2).CopyTo(buffer);
                length -= end + 2;
                if (HandleRecord(record) is { } exitCode)
                {
                    return exitCode;
                }
            }
        }
    }

    private int? HandleRecord(byte[] record)
    {
        switch (EnrollmentResponse.Classify(record, out var key, out var error))
        {
            case EnrollmentKeyStatus.Error:
                Say($"{error} (from manager)");
                return null;
            case EnrollmentKeyStatus.Unterminated:
                Say("ERROR: Invalid key received. Closing connection.");
                return 1;
            case EnrollmentKeyStatus.InvalidFields:
                Say("ERROR: Invalid key received (2). Closing connection.");
                return 1;
            case EnrollmentKeyStatus.Ok:
                if (_options.DebugLevel > 0)
                {
                    Say("INFO: Received response with agent key");
                }

                try
                {
                    _keyWriter.Write(_paths, key!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Say($"ERROR: Unable to open key file: {_paths.ClientKeys} ({e.Message})");
                    return 1;
                }

                Say("INFO: Valid key created. Finished.");
                if (_options.DebugLevel > 0)
                {
                    Say("INFO: Connection closed.");
                }

                return 0;
            default:
                return null;
        }
    }

    /// <summary>A line on stdout (agent-auth's messages go there, as OSSEC's printf).</summary>
    private void Say(string line) => _out.Write(line + "\n");

    /// <summary>A line on stderr (OSSEC's log-style lines of agent-auth).</summary>
    private void Complain(string line) => _err.Write(line + "\n");

    private bool TryReadPassword(out string? password)
    {
        password = null;
        var file = _options.PasswordFile;
        if (file is null && File.Exists(_paths.AuthdPass))
        {
            file = _paths.AuthdPass;
        }

        if (file is null)
        {
            Say("WARN: No authentication password provided. Insecure mode started.");
            return true;
        }

        try
        {
            using var reader = new StreamReader(file);

            // First line, without its newline (real agent-auth sends the newline too, which OSSEC's authd refuses).
            password = reader.ReadLine()?.TrimEnd('\r') ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Complain($"Cannot open {file}: {e.Message}");
            return false;
        }

        if (password.Length == 0)
        {
            Complain($"agent-auth: ERROR: The password file {file} is empty.");
            return false;
        }

        Say("INFO: Using specified password.");
        return true;
    }
}
