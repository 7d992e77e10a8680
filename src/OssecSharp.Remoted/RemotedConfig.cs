using OssecSharp.Core.Crypto;
using OssecSharp.Core.Rotation;

namespace OssecSharp.Remoted;

/// <summary>
/// remoted's configuration, the one record <see cref="RemotedConfigLoader"/> fills: the <c>&lt;remote&gt;</c> listeners
/// of ossec.conf and the <c>remoted.*</c> internal options (defaults = OSSEC's), with OssecSharp's additions. A new
/// option is one property here plus one line in the loader.
/// </summary>
internal sealed record RemotedConfig
{
    /// <summary>The <c>&lt;remote&gt;</c> blocks in file order (none: remoted has nothing to do and exits 0).</summary>
    public IReadOnlyList<RemoteListener> Listeners { get; init; } = [];

    /// <summary><c>remoted.verify_msg_id</c>: 0 turns the replay check off for every agent (OSSEC).</summary>
    public bool VerifyMsgId { get; init; } = true;

    /// <summary><c>remoted.recv_counter_flush</c>: receive counters are written every N accepted messages.</summary>
    public int RecvCounterFlush { get; init; } = 128;

    /// <summary><c>remoted.pass_empty_keyfile</c>: start with an empty client.keys.</summary>
    public bool PassEmptyKeyfile { get; init; }

    /// <summary><c>remoted.startup_resync</c> (OssecSharp, default 0): see <c>MessageProcessor.TryStartupResync</c>.</summary>
    public bool StartupResync { get; init; }

    /// <summary>At most one start-up resync per agent in this interval.</summary>
    public TimeSpan StartupResyncInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>&lt;crypto_accept&gt;</c> of the secure listener: which ciphers agents may use.</summary>
    public CryptoAcceptPolicy CryptoAccept { get; init; } = CryptoAcceptPolicy.Any;

    /// <summary>No valid message is longer than this (a UDP datagram can be; they are dropped unread).</summary>
    public int MaxDatagram { get; init; } = 65535;

    /// <summary><c>remoted.agent_disconnect_time</c> (OssecSharp): no keepalive for this long → "Agent disconnected".
    /// OSSEC's agent_control uses the same window for its Active/Disconnected status.</summary>
    public TimeSpan DisconnectTimeout { get; init; } = Core.Agents.AgentInfo.ActiveWindow;

    /// <summary>monitord's options (internal_options.conf): daily files, disconnection alerts.</summary>
    public RotationSettings Rotation { get; init; } = new();

    /// <summary>Who keeps the daily files and watches agents (null: detected from the install at start).</summary>
    public RotationOwners? Owners { get; init; }

    /// <summary>Messages to an agent whose last control message is older than this are not sent (OSSEC: 1200 s).</summary>
    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(1200);

    /// <summary>Decrypt workers (default: one per core).</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Fair-queue shards per worker and capacity of each (datagrams).</summary>
    public int ShardsPerWorker { get; init; } = 64;

    /// <summary>
    /// 2 workers × 64 shards × 1,024 = 131,072 datagrams (~1.3 s at 100,000/s, behind the kernel's 32 MB buffer): the
    /// queue's worst case is ~40 MB of the 150 MB that remoted may hold under overload.
    /// </summary>
    public int ShardCapacity { get; init; } = 1024;

    /// <summary>Kernel receive buffer asked for each UDP socket.</summary>
    public int ReceiveBufferBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Pause of the shared-file push every 31 chunks (OSSEC: 1 s).</summary>
    public TimeSpan PushPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>remoted.link_extensions</c> (OssecSharp, default 1): offer OssecSharp agents receipt confirmation and
    /// the shutdown notice in the ack of their start-up; 0 answers every start-up with OSSEC's bare ack.</summary>
    public bool LinkExtensions { get; init; } = true;

    /// <summary>Shortest interval between two rounds of receipt confirmations (docs/protocol-extensions.md).</summary>
    public TimeSpan ReceiptInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>State file refresh period.</summary>
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often client.keys is checked for changes.</summary>
    public TimeSpan KeysPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>remoted.tcp_max_connections</c> (OssecSharp): TCP agent connections held at once.</summary>
    public int MaxTcpConnections { get; init; } = 16384;

    /// <summary><c>remoted.tcp_max_per_source</c> (OssecSharp): TCP connections held at once from one source address.
    /// Above it (or when the table is full) the source's oldest connection that never sent a valid message is closed.</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 1024;

    /// <summary><c>remoted.tcp_first_frame_timeout</c> (OssecSharp): a new TCP connection must deliver its first whole
    /// frame within this time (an agent sends its start-up message at once); later frames get the idle timeout.</summary>
    public TimeSpan TcpFirstFrameTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TcpFrameTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(3600);

    public bool CryptoAccepted(CryptoMethod method) => CryptoAccept switch
    {
        CryptoAcceptPolicy.AesOnly => method == CryptoMethod.Aes,
        CryptoAcceptPolicy.BlowfishOnly => method == CryptoMethod.Blowfish,
        _ => true,
    };
}
