using System.Net;

namespace OssecSharp.Authd;

/// <summary>
/// ossec-authd's configuration, the one record <see cref="AuthdCommandLine.Read"/> fills: authd reads no ossec.conf
/// section, its configuration is its flags (enrollment.md §5) besides the common daemon ones. The shared password is
/// not here: it is read from <c>etc/authd.pass</c> while preparing, as root.
/// </summary>
internal sealed record AuthdConfig
{
    public const int DefaultPort = 1515;

    /// <summary><c>-p</c>.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary><c>-i</c>: register the client's source IP instead of <c>any</c>.</summary>
    public bool UseSourceIp { get; init; }

    /// <summary><c>-n</c>.</summary>
    public bool NoPassword { get; init; }

    /// <summary><c>-v</c>: CA file; agents must present a certificate it signed.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>-x</c>; default <c>etc/sslmanager.cert</c>.</summary>
    public string? CertificateFile { get; init; }

    /// <summary><c>-k</c>; default <c>etc/sslmanager.key</c>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>
    /// <c>-F &lt;seconds&gt;</c> (ours, opt-in): replace a live agent of the same name or address that has been silent
    /// this long or never connected. Null: OSSEC's rules (<c>name2</c>, duplicate-IP refusal).
    /// </summary>
    public TimeSpan? ReplaceSilentAfter { get; init; }

    /// <summary><c>-c</c>: OpenSSL cipher list.</summary>
    public string? Ciphers { get; init; }

    /// <summary>Account the daemon will run as (<c>-u</c>/<c>-g</c>): client.keys and its lock are handed to it when root.</summary>
    public string User { get; init; } = "ossec";

    public string Group { get; init; } = "ossec";

    /// <summary>Address to bind (tests use loopback); null = every address, IPv6 with IPv4 mapped (OSSEC's behaviour).</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>Handshake plus request must complete within this time (OSSEC 4.x: 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections served at once; beyond it the oldest connection still waiting for its request is dropped.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Pause after an error reply before closing (OSSEC sleeps 1 s so the agent reads both records).</summary>
    public TimeSpan ErrorCloseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
