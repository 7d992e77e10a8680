namespace OssecSharp.Core.Protocol;

/// <summary>What a decrypted payload is (channel-control.md §2).</summary>
public enum ControlKind
{
    /// <summary>Not a <c>#!-</c> message: an event (agent → manager) or file data (manager → agent).</summary>
    Event,

    /// <summary><c>#!-agent startup </c>: handshake request.</summary>
    AgentStartup,

    /// <summary><c>#!-agent ack </c>: the manager's reply to every control message.</summary>
    AgentAck,

    /// <summary><c>#!-up file &lt;md5&gt; &lt;name&gt;\n</c>: start of a file transfer.</summary>
    UpFile,

    /// <summary><c>#!-close file </c>: end of a file transfer.</summary>
    CloseFile,

    /// <summary><c>#!-execd &lt;command&gt;</c>: active response.</summary>
    Execd,

    /// <summary><c>#!-syscheck restart</c>.</summary>
    SyscheckRestart,

    /// <summary>Any other control body; from an agent this is a keepalive (notify) message.</summary>
    Other,
}
