using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Serves one agent connection (OSSEC authd's per-client loop): TLS handshake and request under one deadline, parse,
/// hand the request to the key writer, reply with the key or OSSEC's error records.
/// </summary>
internal sealed class EnrollmentSession
{
    private readonly AuthdSettings _settings;
    private readonly EnrollmentTls _tls;
    private readonly EnrollmentRegistrar _registrar;
    private readonly ILogger _log;
    private readonly LogThrottle _tlsErrors;

    public EnrollmentSession(
        AuthdSettings settings, EnrollmentTls tls, EnrollmentRegistrar registrar, ILogger log, LogThrottle tlsErrors)
    {
        _settings = settings;
        _tls = tls;
        _registrar = registrar;
        _log = log;
        _tlsErrors = tlsErrors;
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
            _log.Information("New connection from {Ip:l}", ip);

            var buffer = new byte[EnrollmentRequest.MaxRequestBytes];
            var length = await ReadRequestAsync(ssl, buffer, token);
            slot.MarkBusy();
            if (length == buffer.Length && !buffer.AsSpan().Contains((byte)'\n'))
            {
                _log.Error("Invalid request for new agent from: {Ip:l} (larger than {Max} bytes)", ip, buffer.Length);
                await RefuseAsync(ssl, $"Invalid request: larger than {buffer.Length} bytes.", null, token);
                return;
            }

            await HandleRequestAsync(ssl, buffer.AsMemory(0, length), ip, slot, token);
        }
        catch (OperationCanceledException)
        {
            if (ThrottledLog(out var dropped))
            {
                _log.Error("SSL I/O timed out after {Seconds} seconds (or dropped for a new connection) from {Ip:l}.{Dropped:l}",
                    (int)_settings.RequestTimeout.TotalSeconds, ip, dropped);
            }
        }
        catch (AuthenticationException e)
        {
            if (ThrottledLog(out var dropped))
            {
                _log.Error("SSL Error ({Reason:l}) from {Ip:l}.{Dropped:l}", Reason(e), ip, dropped);
            }
        }
        catch (IOException e)
        {
            if (ThrottledLog(out var dropped))
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
        var status = EnrollmentRequest.TryParse(request.Span, _settings.Password.Span, out var nameSpan);
        var name = EnrollmentNames.Printable(EnrollmentNames.Decode(nameSpan));
        switch (status)
        {
            case EnrollmentRequestStatus.InvalidPassword:
                _log.Error("Invalid password provided by {Ip:l}. Closing connection.", ip);

                // OSSEC closes silently; a reason helps the sysadmin (real agent-auth prints it "(from manager)").
                await RefuseAsync(ssl, "Invalid password: check the password file given to agent-auth with -P "
                    + "(it must match the manager's etc/authd.pass).", null, token);
                return;
            case EnrollmentRequestStatus.UnexpectedPassword:
                _log.Error("Invalid request for new agent from: {Ip:l}", ip);
                await RefuseAsync(ssl, "Invalid request: this manager takes no password (ossec-authd -n); "
                    + "run agent-auth without -P.", null, token);
                return;
            case EnrollmentRequestStatus.InvalidRequest:
                _log.Error("Invalid request for new agent from: {Ip:l}", ip);
                await RefuseAsync(ssl, "Invalid request: expected OSSEC A:'<agent name>'.", null, token);
                return;
        }

        _log.Information("Received request for a new agent ({Name:l}) from: {Ip:l}", name, ip);
        if (!EnrollmentNames.IsValid(name))
        {
            _log.Error("Invalid agent name: {Name:l} from {Ip:l}", name, ip);
            await RefuseAsync(ssl, $"Invalid agent name: {name}", EnrollmentResponse.UnableToAddAgent, token);
            return;
        }

        var outcome = await _registrar.EnrollAsync(new EnrollmentCandidate(name, ip, _settings.UseSourceIp), slot.MarkAnswered, token);
        switch (outcome.Status)
        {
            case EnrollmentOutcomeStatus.Added:
                await SendKeyAsync(ssl, outcome.Key!, ip, token);
                return;
            case EnrollmentOutcomeStatus.DuplicateName:
                _log.Error("Invalid agent name {Name:l} (duplicated)", name);
                await RefuseAsync(ssl, $"Invalid agent name: {name}", EnrollmentResponse.UnableToAddAgent, token);
                return;
            case EnrollmentOutcomeStatus.DuplicateIp:
                _log.Error("Invalid IP address {Id:l} (duplicated)", outcome.ConflictId);

                // OSSEC's reply names only the other agent's ID under "Invalid IP address"; say what is wrong.
                await RefuseAsync(ssl, $"Invalid IP address: {ip} is already used by agent {outcome.ConflictId} "
                    + $"({outcome.ConflictName})", EnrollmentResponse.UnableToAddAgent, token);
                return;
            default:
                _log.Error("Unable to add agent: {Name:l} (internal error)", name);
                await RefuseAsync(ssl, $"Internal manager error adding agent: {name}", EnrollmentResponse.UnableToAddAgent, token);
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

    private async Task RefuseAsync(SslStream ssl, string reason, string? second, CancellationToken token)
    {
        // One TLS record per line: agent-auth prints each read up to its first newline.
        await ssl.WriteAsync(EnrollmentResponse.FormatError(reason), token);
        if (second is not null)
        {
            await ssl.WriteAsync(EnrollmentResponse.FormatError(second), token);
        }

        await ssl.FlushAsync(token);

        // Then close without close_notify, after a pause, as OSSEC does: real agent-auth treats a TLS close_notify as
        // "graceful shutdown" and would exit 0.
        await Task.Delay(_settings.ErrorCloseDelay, token);
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

    private bool ThrottledLog(out string dropped)
    {
        var ok = _tlsErrors.TryAcquire(out var suppressed);
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
