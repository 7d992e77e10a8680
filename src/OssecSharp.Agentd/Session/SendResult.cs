namespace OssecSharp.Agentd.Session;

/// <summary>Outcome of one send to the manager.</summary>
internal enum SendResult
{
    Sent,

    /// <summary>No session (handshake in progress): the event is kept for later.</summary>
    NotConnected,

    /// <summary>The manager's port is closed (ICMP port unreachable): the session is being re-established.</summary>
    Refused,

    /// <summary>Any other socket error (logged).</summary>
    Failed,
}
