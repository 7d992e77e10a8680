using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Serves one agent connection (OSSEC authd's per-client loop): TLS handshake and request under one deadline, parse,
/// hand the request to the key writer, reply with the key or OSSEC's error records. A refused connection gives its slot
/// back before OSSEC's pause before the close, and its log line is rate-limited per kind and source (issue #13 item 4).
/// </summary>
internal sealed class EnrollmentSession
{
    private readonly AuthdConfig _settings;
    private readonly ReadOnlyMemory<byte> _password;
    private readonly EnrollmentTls _tls;
    private readonly EnrollmentRegistrar _registrar;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;
    private int _lingering;

    public EnrollmentSession(
        AuthdConfig settings, ReadOnlyMemory<byte> password, EnrollmentTls tls, EnrollmentRegistrar registrar, ILogger log, LogThrottle throttle)
    {
        _settings = settings;
        _password = password;
        _tls = tls;
        _registrar = registrar;
        _log = log;
        _throttle = throttle;
    }

    public async Task RunAsync(Socket socket, ConnectionSlot slot)
    {
        var ip = SourceIp(socket);
        slot.CancelAfter(_settings.RequestTimeout);
        var token = slot.Token;
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            var handshake = _tls.For(ip, _log);
            await ssl.AuthenticateAsServerAsync(handshake, token);

            // OSSEC logs "New connection from" here; it is written with the request's outcome instead, so that a
            // refused request's pair of lines is rate-limited together (a flood logged 56,553 lines in 25 s).

            var buffer = new byte[EnrollmentRequest.MaxRequestBytes];
            var length = await ReadRequestAsync(ssl, buffer, token);
            slot.MarkBusy();
            if (length == buffer.Length && !buffer.AsSpan().Contains((byte)'\n'))
            {
                if (ThrottledRefusal("oversize|" + ip, ip, out var dropped))
                {
                    _log.Error("Invalid request for new agent from: {Ip:l} (larger than {Max} bytes){Dropped:l}", ip, buffer.Length, dropped);
                }

                await RefuseAsync(ssl, slot, $"Invalid request: larger than {buffer.Length} bytes.", null, token);
                return;
            }

            await HandleRequestAsync(ssl, buffer.AsMemory(0, length), ip, slot, token);
        }
        catch (OperationCanceledException)
        {
            if (ThrottledLog("timeout|" + ip, out var dropped))
            {
                _log.Error("SSL I/O timed out after {Seconds} seconds (or dropped for a new connection) from {Ip:l}.{Dropped:l}",
                    (int)_settings.RequestTimeout.TotalSeconds, ip, dropped);
            }
        }
        catch (AuthenticationException e)
        {
            if (ThrottledLog("tls|" + ip, out var dropped))
            {
                _log.Error("SSL Error ({Reason:l}) from {Ip:l}.{Dropped:l}", Reason(e), ip, dropped);
            }
        }
        catch (IOException e)
        {
            if (ThrottledLog("io|" + ip, out var dropped))
            {
                _log.Debug("Connection from {Ip:l} failed: {Reason:l}.{Dropped:l}", ip, e.Message, dropped);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Error(e, "Unexpected error serving {Ip:l}", ip);
        }
        finally
        {
            await ssl.DisposeAsync();
        }
    }

    private async Task HandleRequestAsync(SslStream ssl, ReadOnlyMemory<byte> request, string ip, ConnectionSlot slot, CancellationToken token)
    {
        var status = EnrollmentRequest.TryParse(request.Span, _password.Span, out var nameSpan);
        var name = EnrollmentNames.Printable(EnrollmentNames.Decode(nameSpan));
        switch (status)
        {
            case EnrollmentRequestStatus.InvalidPassword:
                if (ThrottledRefusal("password|" + ip, ip, out var dropped))
                {
                    _log.Error("Invalid password provided by {Ip:l}. Closing connection.{Dropped:l}", ip, dropped);
                }

                // OSSEC closes silently; a reason helps the sysadmin (real agent-auth prints it "(from manager)").
                await RefuseAsync(ssl, slot, "Invalid password: check the password file given to agent-auth with -P "
                    + "(it must match the manager's etc/authd.pass).", null, token);
                return;
            case EnrollmentRequestStatus.UnexpectedPassword:
                LogInvalidRequest(ip);
                await RefuseAsync(ssl, slot, "Invalid request: this manager takes no password (ossec-authd -n); "
                    + "run agent-auth without -P.", null, token);
                return;
            case EnrollmentRequestStatus.InvalidRequest:
                LogInvalidRequest(ip);
                await RefuseAsync(ssl, slot, "Invalid request: expected OSSEC A:'<agent name>'.", null, token);
                return;
        }

        if (!EnrollmentNames.IsValid(name))
        {
            if (ThrottledRefusal("name|" + ip, ip, out var dropped))
            {
                _log.Information("Received request for a new agent ({Name:l}) from: {Ip:l}", LogText.Quote(name), ip);
                _log.Error("Invalid agent name: {Name:l} from {Ip:l}{Dropped:l}", LogText.Quote(name), ip, dropped);
            }

            await RefuseAsync(ssl, slot, $"Invalid agent name: {name}", EnrollmentResponse.UnableToAddAgent, token);
            return;
        }

        _log.Information("New connection from {Ip:l}", ip);
        _log.Information("Received request for a new agent ({Name:l}) from: {Ip:l}", name, ip);
        var outcome = await _registrar.EnrollAsync(new EnrollmentCandidate(name, ip, _settings.UseSourceIp), answered: null, token);
        switch (outcome.Status)
        {
            case EnrollmentOutcomeStatus.Added:
                await SendKeyAsync(ssl, outcome.Key!, ip, token);
                return;
            case EnrollmentOutcomeStatus.DuplicateName:
                _log.Error("Invalid agent name {Name:l} (duplicated)", name);
                await RefuseAsync(ssl, slot, $"Invalid agent name: {name}", EnrollmentResponse.UnableToAddAgent, token);
                return;
            case EnrollmentOutcomeStatus.DuplicateIp:
                _log.Error("Invalid IP address {Id:l} (duplicated)", outcome.ConflictId);

                // OSSEC's reply names only the other agent's ID under "Invalid IP address"; say what is wrong.
                await RefuseAsync(ssl, slot, $"Invalid IP address: {ip} is already used by agent {outcome.ConflictId} "
                    + $"({outcome.ConflictName})", EnrollmentResponse.UnableToAddAgent, token);
                return;
            default:
                _log.Error("Unable to add agent: {Name:l} (internal error)", name);
                await RefuseAsync(ssl, slot, $"Internal manager error adding agent: {name}", EnrollmentResponse.UnableToAddAgent, token);
                return;
        }
    }

    private async Task SendKeyAsync(SslStream ssl, EnrollmentKey key, string ip, CancellationToken token)
    {
        _log.Information("Agent key generated for {Name:l} (requested by {Ip:l})", key.Name, ip);
        try
        {
            await ssl.WriteAsync(EnrollmentResponse.FormatKey(key), token);
            await ssl.FlushAsync(token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _log.Error("SSL write error ({Reason:l})", e.Message);
            _log.Error("Agen key not saved for {Name:l}", key.Name);
            return;
        }

        _log.Information("Agent key created for {Name:l} (requested by {Ip:l})", key.Name, ip);
    }

    private async Task RefuseAsync(SslStream ssl, ConnectionSlot slot, string reason, string? second, CancellationToken token)
    {
        // One TLS record per line: agent-auth prints each read up to its first newline.
        await ssl.WriteAsync(EnrollmentResponse.FormatError(reason), token);
        if (second is not null)
        {
            await ssl.WriteAsync(EnrollmentResponse.FormatError(second), token);
        }

        await ssl.FlushAsync(token);

        // Then close without close_notify, after a pause, as OSSEC does: real agent-auth treats a TLS close_notify as
        // "graceful shutdown" and would exit 0. The refusal is decided: its slot goes back first, so a flood of refused
        // requests cannot keep agents out. The pause ends early when the peer has gone, and is skipped when too many
        // refused connections are already pausing (each still holds a socket).
        slot.Release();
        if (Interlocked.Increment(ref _lingering) > _settings.MaxConnections)
        {
            Interlocked.Decrement(ref _lingering);
            return;
        }

        try
        {
            await LingerAsync(ssl);
        }
        finally
        {
            Interlocked.Decrement(ref _lingering);
        }
    }

    /// <summary>Waits out OSSEC's pause before the error close, or until the peer closes or sends anything.</summary>
    private async Task LingerAsync(SslStream ssl)
    {
        using var pause = new CancellationTokenSource(_settings.ErrorCloseDelay);
        var sink = new byte[256];
        try
        {
            while (await ssl.ReadAsync(sink, pause.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or AuthenticationException or ObjectDisposedException)
        {
            // The pause is over, or the peer is gone: either way the connection is closed now.
        }
    }

    private void LogInvalidRequest(string ip)
    {
        if (ThrottledRefusal("request|" + ip, ip, out var dropped))
        {
            _log.Error("Invalid request for new agent from: {Ip:l}{Dropped:l}", ip, dropped);
        }
    }

    /// <summary>Reads until a newline, the 4096-byte cap or end of stream (OSSEC does one read of up to 4096 bytes).</summary>
    private static async Task<int> ReadRequestAsync(SslStream ssl, byte[] buffer, CancellationToken token)
    {
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await ssl.ReadAsync(buffer.AsMemory(length), token);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(length - read, read).Contains((byte)'\n'))
            {
                break;
            }
        }

        return length;
    }

    /// <summary>As <see cref="ThrottledLog"/>; when the refusal is logged, OSSEC's connection line goes first.</summary>
    private bool ThrottledRefusal(string key, string ip, out string dropped)
    {
        if (!ThrottledLog(key, out dropped))
        {
            return false;
        }

        _log.Information("New connection from {Ip:l}", ip);
        return true;
    }

    private bool ThrottledLog(string key, out string dropped)
    {
        var ok = _throttle.ShouldLog(key, out var suppressed);
        dropped = suppressed > 0 ? $" ({suppressed} similar messages suppressed)" : string.Empty;
        return ok;
    }

    private static string Reason(AuthenticationException e) =>
        e.InnerException?.Message is { Length: > 0 } inner ? $"{e.Message} {inner}" : e.Message;

    internal static string SourceIp(Socket socket)
    {
        if (socket.RemoteEndPoint is not IPEndPoint endPoint)
        {
            return "unknown";
        }

        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        return address.ToString();
    }
}
