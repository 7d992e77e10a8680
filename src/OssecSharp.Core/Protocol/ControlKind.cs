namespace OssecSharp.Core.Protocol;

/// <summary>
/// What a decrypted payload is (channel-control.md §2, docs/protocol-extensions.md). Which kinds can occur depends on
/// the direction: <see cref="ControlMessage.FromAgent"/> and <see cref="ControlMessage.FromManager"/>.
/// </summary>
public enum ControlKind
{
    /// <summary>Not a <c>#!-</c> message: an event (agent → manager) or file data (manager → agent).</summary>
    Event,

    /// <summary>Agent → manager <c>#!-agent startup </c>: handshake request (also with a trailer after a NUL).</summary>
    AgentStartup,

    /// <summary>Manager → agent <c>#!-agent ack </c>: the reply to every control message (also with a trailer).</summary>
    AgentAck,

    /// <summary>Manager → agent <c>#!-up file &lt;md5&gt; &lt;name&gt;\n</c>: start of a file transfer.</summary>
    UpFile,

    /// <summary>Manager → agent <c>#!-close file </c>: end of a file transfer.</summary>
    CloseFile,

    /// <summary>Manager → agent <c>#!-execd &lt;command&gt;</c>: active response.</summary>
    Execd,

    /// <summary>Manager → agent <c>#!-syscheck restart</c>.</summary>
    SyscheckRestart,

    /// <summary>Manager → agent: any other control body (agent_control's bare messages); OSSEC's agent warns.</summary>
    Other,

    /// <summary>Agent → manager: any body that is not a start-up or shutdown, i.e. a keepalive (notify, §3).</summary>
    Keepalive,

    /// <summary>Agent → manager <c>#!-agent shutdown </c> (Wazuh's message; ours only to a manager that offered it).</summary>
    AgentShutdown,

    /// <summary>Agent → manager <c>#!-agent startup \0ossecsharp sync</c>: the receipts extension's sync (a start-up
    /// for OSSEC).</summary>
    LinkSync,
}
