using OssecSharp.Core.Config;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Agentd.Config;

/// <summary>The agent's <c>&lt;client&gt;</c> settings (control-and-files.md §4.1); several blocks append servers.</summary>
internal sealed class ClientConfig
{
    /// <summary>OSSEC's default secure port.</summary>
    public const int DefaultPort = 1514;

    /// <summary>Managers in failover order.</summary>
    public IReadOnlyList<ClientServer> Servers { get; private init; } = [];

    /// <summary>Manager port (1514).</summary>
    public int Port { get; private set; } = DefaultPort;

    /// <summary>Transport (UDP unless <c>protocol</c> says tcp).</summary>
    public TransportProtocol Protocol { get; private set; } = TransportProtocol.Udp;

    /// <summary>Source address to bind, if any.</summary>
    public string? LocalIp { get; private set; }

    /// <summary>Seconds between keepalives (600).</summary>
    public int NotifyTime { get; private set; } = 600;

    /// <summary>Seconds without a manager reply before reconnecting (1800; forced above notify_time).</summary>
    public int TimeReconnect { get; private set; } = 1800;

    /// <summary>True when time-reconnect was raised to notify_time × 3 (agentd logs it).</summary>
    public bool TimeReconnectAdjusted { get; private set; }

    /// <summary><c>disable-active-response</c>.</summary>
    public bool DisableActiveResponse { get; private set; }

    /// <summary><c>config-profile</c> (null when none: <c>-</c> in .agent_info).</summary>
    public string? ConfigProfile { get; private set; }

    /// <summary>Cipher of the secure channel (AES by default in 4.x).</summary>
    public CryptoMethod CryptoMethod { get; private set; } = CryptoMethod.Aes;

    /// <summary>Reads every <c>&lt;client&gt;</c> block; null when there is none.</summary>
    public static ClientConfig? From(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blocks = document.Sections("client").ToList();
        if (blocks.Count == 0)
        {
            return null;
        }

        var servers = new List<ClientServer>();
        var config = new ClientConfig { Servers = servers };
        foreach (var block in blocks)
        {
            // OSSEC resets scalar options at the start of each block; servers accumulate.
            config.Reset();
            foreach (var e in block.Children)
            {
                config.Apply(e, servers);
            }
        }

        if (servers.Count == 0)
        {
            throw ConfigException.For(blocks[^1], "No valid server IP found.");
        }

        if (config.TimeReconnect <= config.NotifyTime)
        {
            config.TimeReconnect = config.NotifyTime * 3;
            config.TimeReconnectAdjusted = true;
        }

        return config;
    }

    private void Reset()
    {
        Port = DefaultPort;
        Protocol = TransportProtocol.Udp;
        LocalIp = null;
        NotifyTime = 600;
        TimeReconnect = 1800;
        DisableActiveResponse = false;
        ConfigProfile = null;
        CryptoMethod = CryptoMethod.Aes;
    }

    private void Apply(ConfigElement e, List<ClientServer> servers)
    {
        ConfigValues.NoChildren(e);
        switch (e.Name)
        {
            case "server-ip":
                servers.Add(new ClientServer(ConfigValues.Address(e).ToString(), IsHostname: false));
                break;
            case "server-hostname":
                servers.Add(new ClientServer(ConfigValues.Text(e), IsHostname: true));
                break;
            case "port":
                Port = ConfigValues.Int(e, 1, 65535);
                break;
            case "protocol":
                Protocol = e.Value.ToLowerInvariant() switch
                {
                    "udp" => TransportProtocol.Udp,
                    "tcp" => TransportProtocol.Tcp,
                    _ => throw ConfigException.For(e, $"Invalid value for element 'protocol': {e.Value}. Expected udp or tcp."),
                };
                break;
            case "local_ip":
                LocalIp = ConfigValues.Address(e).ToString();
                break;
            case "notify_time":
                NotifyTime = ConfigValues.Int(e, 1, int.MaxValue);
                break;
            case "time-reconnect":
                TimeReconnect = ConfigValues.Int(e, 1, int.MaxValue);
                break;
            case "disable-active-response":
                DisableActiveResponse = ConfigValues.YesNo(e);
                break;
            case "config-profile":
                ConfigProfile = ConfigValues.Text(e);
                break;
            case "crypto_method":
                CryptoMethod = e.Value switch
                {
                    "aes" => CryptoMethod.Aes,
                    "blowfish" => CryptoMethod.Blowfish,
                    _ => throw ConfigException.For(e, $"Invalid value for element 'crypto_method': {e.Value}. Expected aes or blowfish."),
                };
                break;
            default:
                throw ConfigValues.Unknown(e);
        }
    }
}
