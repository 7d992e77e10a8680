using System.Net;
using OssecSharp.Agentd.Config;
using OssecSharp.Agentd.Local;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Config;
using OssecSharp.Core.Hosting;
using Serilog;

namespace OssecSharp.Agentd;

/// <summary>Reads agentd's configuration (<see cref="AgentdConfig"/>) from ossec.conf (<c>&lt;client&gt;</c>, <c>&lt;client_buffer&gt;</c>,
/// <c>&lt;localfile&gt;</c>) and the internal options; throws <see cref="ConfigException"/> on a bad value.</summary>
internal static class AgentdConfigLoader
{
    /// <summary>Line formats agentd follows itself; they all reach the manager as queue 1, as logcollector sends them.</summary>
    private static readonly HashSet<string> s_lineFormats = new(StringComparer.Ordinal)
    {
        "syslog", "apache", "squid", "iis", "snort-fast", "json", "audit", "djb-multilog",
    };

    /// <summary>OSSEC's logcollector runs a command every 360 s unless told otherwise.</summary>
    private const int DefaultCommandFrequency = 360;

    public static AgentdConfig Load(DaemonContext context) =>
        Read(OssecConfigDocument.Load(context.ConfigFile), InternalOptions.Load(context.Paths), context.Logger);

    public static AgentdConfig Read(OssecConfigDocument document, InternalOptions options, ILogger log)
    {
        OssecSections.Validate(document);
        var client = ClientConfig.From(document)
            ?? throw new ConfigException(document.File, 0, "client", "(1215): No client configured. Exiting.");
        var buffer = ClientBufferConfig.From(document);
        if (client.TimeReconnectAdjusted)
        {
            log.Information("Max time to reconnect can't be less than notify_time({Notify}), using notify_time*3 ({Reconnect})",
                client.NotifyTime, client.TimeReconnect);
        }

        return new AgentdConfig
        {
            Session = new SessionOptions
            {
                Servers = [.. client.Servers.Select(s => new ServerAddress(s.Host, s.IsHostname))],
                Port = client.Port,
                LocalIp = client.LocalIp is null ? null : IPAddress.Parse(client.LocalIp),
                Tcp = client.Protocol == TransportProtocol.Tcp,
                NotifyTime = TimeSpan.FromSeconds(client.NotifyTime),
                ReconnectTime = TimeSpan.FromSeconds(client.TimeReconnect),
                HandshakeStep = TimeSpan.FromMilliseconds(options.GetInt("agent", "handshake_step_ms", 1000, 10, 1000)),
                ReceiptWindow = options.GetInt("agent", "receipt_window", 1024, 16, 65536),
                ReceiptTimeout = TimeSpan.FromSeconds(options.GetInt("agent", "receipt_timeout", 10, 2, 3600)),
            },
            Crypto = client.CryptoMethod,
            DisableActiveResponse = client.DisableActiveResponse,
            ConfigProfile = client.ConfigProfile,
            BufferEnabled = !buffer.Disabled,
            QueueSize = buffer.QueueSize,
            EventsPerSecond = buffer.EventsPerSecond,
            LocalFiles = LocalFiles(LocalFileConfig.From(document), log),
            LogcollectorLoop = TimeSpan.FromSeconds(options.GetInt("logcollector", "loop_timeout", 2, 1, 120)),
            StateInterval = TimeSpan.FromSeconds(options.GetInt("agent", "state_interval", 5, 0, 86400)),
            ReceiveCounterFlush = options.GetInt("remoted", "recv_counter_flush", 128, 10, 999999),
            VerifyMessageId = options.GetInt("remoted", "verify_msg_id", 1, 0, 1) == 1,
        };
    }

    private static List<LocalFileSpec> LocalFiles(IEnumerable<LocalFileConfig> blocks, ILogger log)
    {
        var specs = new List<LocalFileSpec>();
        foreach (var block in blocks)
        {
            if (block.LogFormat is "command" or "full_command")
            {
                if ((block.Command ?? block.Location) is { } command)
                {
                    specs.Add(new LocalFileSpec(block.LogFormat, command, block.Alias, block.Frequency ?? DefaultCommandFrequency));
                }

                continue;
            }

            if (block.Location is null)
            {
                continue;
            }

            if (s_lineFormats.Contains(block.LogFormat))
            {
                specs.Add(new LocalFileSpec("syslog", block.Location, null, 0));
            }
            else
            {
                log.Warning("log_format '{Format}' of '{Location}' is not read by ossec-agentd (use ossec-logcollector).",
                    block.LogFormat, block.Location);
            }
        }

        return specs;
    }
}
