using OssecSharp.Agentd.Shared;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// Acts on a decrypted payload from the manager (channel-control §4.4, §7.3): acks, shared-file transfers,
/// active-response commands forwarded to execd's queue, and <c>syscheck restart</c>.
/// </summary>
internal sealed class ManagerMessageHandler
{
    private readonly SharedFileReceiver _shared;
    private readonly ExecQueueForwarder? _exec;
    private readonly string _syscheckRunPath;
    private readonly ILogger _log;

    /// <param name="shared">Receiver of pushed files.</param>
    /// <param name="exec">Where AR commands go; null when active response is disabled.</param>
    /// <param name="syscheckRunPath"><c>var/run/.syscheck_run</c>.</param>
    /// <param name="log">Logger.</param>
    public ManagerMessageHandler(SharedFileReceiver shared, ExecQueueForwarder? exec, string syscheckRunPath, ILogger log)
    {
        _shared = shared;
        _exec = exec;
        _syscheckRunPath = syscheckRunPath;
        _log = log;
    }

    public ManagerMessageKind Handle(ReadOnlySpan<byte> payload)
    {
        // The C code handles control messages as strings: an embedded NUL ends them (so an ack with a trailer the
        // agent does not know is still an ack, as for OSSEC's agent).
        if (ControlMessages.IsControl(payload) && payload.IndexOf((byte)0) is var end and >= 0)
        {
            payload = payload[..end];
        }

        var kind = ControlMessages.Classify(payload);
        if (kind == ControlKind.Event)
        {
            if (_shared.IsOpen)
            {
                _shared.Append(payload);
                return ManagerMessageKind.FileData;
            }

            _log.Warning("Unknown message received. No action defined.");
            return ManagerMessageKind.Unknown;
        }

        switch (kind)
        {
            case ControlKind.AgentAck:
                return ManagerMessageKind.Ack;
            case ControlKind.Execd:
                ForwardToExecd(payload);
                return ManagerMessageKind.Control;
            case ControlKind.SyscheckRestart:
                RequestSyscheckRun();
                return ManagerMessageKind.Control;
            case ControlKind.UpFile:
                _shared.Begin(payload["#!-up file "u8.Length..]);
                return ManagerMessageKind.Control;
            case ControlKind.CloseFile:
                _shared.Close();
                return ManagerMessageKind.Control;
            default:
                _shared.Abort();
                _log.Warning("Unknown message received from server.");
                return ManagerMessageKind.Control;
        }
    }

    private void ForwardToExecd(ReadOnlySpan<byte> payload)
    {
        if (!ControlMessages.TryParseExecd(payload, out var command))
        {
            return;
        }

        if (_exec is null)
        {
            _log.Debug("Active response is disabled; command ignored.");
            return;
        }

        _exec.Send(command);
    }

    private void RequestSyscheckRun()
    {
        try
        {
            File.WriteAllText(_syscheckRunPath, _syscheckRunPath + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to create {Path}: {Reason}", _syscheckRunPath, ex.Message);
        }
    }
}
