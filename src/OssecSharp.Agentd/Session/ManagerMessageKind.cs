namespace OssecSharp.Agentd.Session;

/// <summary>What a decrypted manager payload was, for the session's liveness bookkeeping.</summary>
internal enum ManagerMessageKind
{
    /// <summary><c>#!-agent ack </c>.</summary>
    Ack,

    /// <summary>Another control message (file transfer, active response, …).</summary>
    Control,

    /// <summary>A chunk of an open file transfer.</summary>
    FileData,

    /// <summary>Data with no open transfer: OSSEC ignores it and it does not count as a sign of life.</summary>
    Unknown,
}
