using System.Net;

namespace OssecSharp.Authd;

/// <summary>ossec-authd's own flags (enrollment.md §5), besides the common daemon ones.</summary>
internal sealed record AuthdOptions
{
    /// <summary><c>-p</c>.</summary>
    public int Port { get; init; } = AuthdSettings.DefaultPort;

    /// <summary><c>-i</c>.</summary>
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

    /// <summary>Address to bind (tests use loopback); null = every address, IPv6 and IPv4.</summary>
    public IPAddress? BindAddress { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxConnections { get; init; } = 1024;

    public TimeSpan ErrorCloseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
