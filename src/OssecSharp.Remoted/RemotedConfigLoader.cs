using OssecSharp.Core.Config;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Rotation;

namespace OssecSharp.Remoted;

/// <summary>
/// Reads <see cref="RemotedConfig"/>: the <c>&lt;remote&gt;</c> blocks of ossec.conf (<see cref="RemoteListenerReader"/>)
/// and the <c>remoted.*</c> internal options (OSSEC's names, defaults and ranges; plus OssecSharp's additions, all off
/// or OSSEC-like by default). Throws <see cref="ConfigException"/> naming file, line and setting.
/// </summary>
internal static class RemotedConfigLoader
{
    public static RemotedConfig Load(DaemonContext context) =>
        Read(OssecConfigDocument.Load(context.ConfigFile), InternalOptions.Load(context.Paths));

    public static RemotedConfig Read(OssecConfigDocument document, InternalOptions options)
    {
        var (listeners, cryptoAccept) = RemoteListenerReader.Read(document);
        var rotation = RotationSettings.From(options);
        return new RemotedConfig
        {
            Listeners = listeners,
            CryptoAccept = cryptoAccept,
            RecvCounterFlush = options.GetInt("remoted", "recv_counter_flush", 128, 10, 999999),
            VerifyMsgId = options.GetInt("remoted", "verify_msg_id", 1, 0, 1) == 1,
            PassEmptyKeyfile = options.GetInt("remoted", "pass_empty_keyfile", 0, 0, 1) == 1,
            StartupResync = options.GetInt("remoted", "startup_resync", 0, 0, 1) == 1,
            MaxTcpConnections = options.GetInt("remoted", "tcp_max_connections", 16384, 1, 1 << 20),
            MaxTcpConnectionsPerSource = options.GetInt("remoted", "tcp_max_per_source", 1024, 1, 1 << 20),
            TcpFirstFrameTimeout = TimeSpan.FromSeconds(options.GetInt("remoted", "tcp_first_frame_timeout", 10, 1, 3600)),
            LinkExtensions = options.GetInt("remoted", "link_extensions", 1, 0, 1) == 1,
            Rotation = rotation,

            // monitord's window (3 × notify_time + 30 s) unless OssecSharp's own option sets it.
            DisconnectTimeout = options.GetString("remoted", "agent_disconnect_time") is null
                ? rotation.DisconnectWindow
                : TimeSpan.FromSeconds(options.GetInt("remoted", "agent_disconnect_time", (int)Core.Agents.AgentInfo.ActiveWindow.TotalSeconds, 1, 604800)),
        };
    }
}
