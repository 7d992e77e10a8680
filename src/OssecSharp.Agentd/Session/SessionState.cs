namespace OssecSharp.Agentd.Session;

/// <summary>Where the agent stands with its manager (the <c>status</c> of the state file, as Wazuh's agentd).</summary>
internal enum SessionState
{
    /// <summary>Not yet connected since start: handshake in progress.</summary>
    Pending,

    /// <summary>The manager answered the handshake and keeps answering.</summary>
    Connected,

    /// <summary>Was connected, lost the manager; trying again.</summary>
    Disconnected,
}
