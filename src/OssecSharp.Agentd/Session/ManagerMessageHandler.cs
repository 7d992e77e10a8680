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

    /// <summary>Acts on one payload from the manager, classified by <see cref="ControlMessage.FromManager"/>.</summary>
    public ManagerMessageKind Handle(ReadOnlySpan<byte> payload) => Handle(ControlMessage.FromManager(payload));

    /// <summary>Acts on one message from the manager (as OSSEC's agent, it ends at its first NUL: an ack with a
    /// trailer the agent does not know is still an ack).</summary>
    public ManagerMessageKind Handle(ControlMessage message)
    {
        switch (message.Kind)
        {
            case ControlKind.Event when _shared.IsOpen:
                _shared.Append(message.Argument);
                return ManagerMessageKind.FileData;
            case ControlKind.Event:
                _log.Warning("Unknown message received. No action defined.");
                return ManagerMessageKind.Unknown;
            case ControlKind.AgentAck:
                return ManagerMessageKind.Ack;
            case ControlKind.Execd:
                ForwardToExecd(message.Argument);
                return ManagerMessageKind.Control;
            case ControlKind.SyscheckRestart:
                RequestSyscheckRun();
                return ManagerMessageKind.Control;
            case ControlKind.UpFile:
                _shared.Begin(message.Argument);
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

    private void ForwardToExecd(ReadOnlySpan<byte> command)
    {
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
