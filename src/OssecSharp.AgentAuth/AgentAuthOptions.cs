namespace OssecSharp.AgentAuth;

/// <summary>agent-auth's flags (enrollment.md §6), resolved.</summary>
internal sealed record AgentAuthOptions
{
    public const int DefaultPort = 1515;

    /// <summary><c>-m</c>: manager address or host name (required).</summary>
    public string? Manager { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary><c>-A</c>: agent name; default the host name.</summary>
    public string? AgentName { get; init; }

    /// <summary><c>-P</c>: password file; without it <c>etc/authd.pass</c> of the install is used when present.</summary>
    public string? PasswordFile { get; init; }

    /// <summary><c>-v</c>: CA file to verify the manager with.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>-x</c>: client certificate (with <c>-k</c>).</summary>
    public string? CertificateFile { get; init; }

    /// <summary><c>-k</c>: client key (with <c>-x</c>).</summary>
    public string? KeyFile { get; init; }

    /// <summary><c>-c</c>: OpenSSL cipher list.</summary>
    public string? Ciphers { get; init; }

    public int DebugLevel { get; init; }

    /// <summary>Connect, handshake, request and reply must complete within this time.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
