using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Config;

/// <summary>Every <c>&lt;remote&gt;</c> block of ossec.conf (control-and-files.md §4.2).</summary>
public sealed class RemoteConfig
{
    /// <summary>OSSEC's cap on listeners.</summary>
    public const int MaxListeners = 16;

    private RemoteConfig(IReadOnlyList<RemoteListener> listeners) => Listeners = listeners;

    /// <summary>Listeners in file order (empty: remoted exits 0 silently).</summary>
    public IReadOnlyList<RemoteListener> Listeners { get; }

    /// <summary>The one secure listener, if any.</summary>
    public RemoteListener? Secure => Listeners.FirstOrDefault(l => l.Connection == RemoteConnection.Secure);

    /// <summary>Reads and checks the blocks.</summary>
    public static RemoteConfig From(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var listeners = new List<RemoteListener>();
        foreach (var block in document.Sections("remote"))
        {
            if (listeners.Count == MaxListeners)
            {
                throw ConfigException.For(block, $"more than {MaxListeners} <remote> blocks.");
            }

            var listener = Read(block);
            if (listener.Connection == RemoteConnection.Secure && listeners.Any(l => l.Connection == RemoteConnection.Secure))
            {
                throw ConfigException.For(block, "only one secure <remote> block is allowed.");
            }

            listeners.Add(listener);
        }

        return new RemoteConfig(listeners);
    }

    private static RemoteListener Read(ConfigElement block)
    {
        var listener = new RemoteListener(block.File, block.Line);
        RemoteConnection? connection = null;
        int? port = null;
        foreach (var e in block.Children)
        {
            ConfigValues.NoChildren(e);
            switch (e.Name)
            {
                case "connection":
                    connection = e.Value switch
                    {
                        "secure" => RemoteConnection.Secure,
                        "syslog" => RemoteConnection.Syslog,
                        _ => throw ConfigException.For(e, $"Invalid value for element 'connection': {e.Value}."),
                    };
                    break;
                case "port":
                    port = ConfigValues.Int(e, 1, 65535);
                    break;
                case "protocol":
                    listener.RequestedProtocol = ParseProtocol(e);
                    break;
                case "local_ip":
                    listener.LocalIp = ConfigValues.Address(e).ToString();
                    break;
                case "ipv6":
                    listener.Ipv6 = ConfigValues.YesNo(e);
                    break;
                case "allowed-ips":
                    listener.AllowedList.Add(ParseSource(e));
                    break;
                case "denied-ips":
                    listener.DeniedList.Add(ParseSource(e));
                    break;
                case "crypto_accept":
                    listener.CryptoAccept = e.Value switch
                    {
                        "any" or "both" => CryptoAcceptPolicy.Any,
                        "blowfish" => CryptoAcceptPolicy.BlowfishOnly,
                        "aes" => CryptoAcceptPolicy.AesOnly,
                        _ => throw ConfigException.For(e, $"Invalid value for element 'crypto_accept': {e.Value}."),
                    };
                    break;
                default:
                    throw ConfigValues.Unknown(e);
            }
        }

        listener.Connection = connection ?? throw ConfigException.For(block, "No remote connection configured.");
        listener.Port = port ?? (listener.Connection == RemoteConnection.Secure ? 1514 : 514);
        if (listener.Connection == RemoteConnection.Syslog && listener.AllowedList.Count == 0)
        {
            throw ConfigException.For(block, "a syslog <remote> needs at least one <allowed-ips>.");
        }

        return listener;
    }

    private static TransportProtocol ParseProtocol(ConfigElement e)
    {
        var result = TransportProtocol.None;
        foreach (var part in e.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            result |= part.ToLowerInvariant() switch
            {
                "udp" => TransportProtocol.Udp,
                "tcp" => TransportProtocol.Tcp,
                _ => throw ConfigException.For(e, $"Invalid value for element 'protocol': {e.Value}. Expected udp, tcp or udp,tcp."),
            };
        }

        return result;
    }

    private static KeyIp ParseSource(ConfigElement e) =>
        KeyIp.TryParse(e.Value, out var ip) && !e.Value.StartsWith('!')
            ? ip
            : throw ConfigException.For(e, $"Invalid ip address: '{e.Value}'.");
}
