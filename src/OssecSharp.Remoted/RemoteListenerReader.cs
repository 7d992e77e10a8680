using OssecSharp.Core.Config;
using OssecSharp.Core.Keys;

namespace OssecSharp.Remoted;

/// <summary>Reads and checks the <c>&lt;remote&gt;</c> blocks of ossec.conf (control-and-files.md §4.2) for <see cref="RemotedConfigLoader"/>.</summary>
internal static class RemoteListenerReader
{
    /// <summary>OSSEC's cap on listeners.</summary>
    public const int MaxListeners = 16;

    /// <summary>The listeners in file order, and the <c>crypto_accept</c> of the secure one (any when absent).</summary>
    public static (IReadOnlyList<RemoteListener> Listeners, CryptoAcceptPolicy CryptoAccept) Read(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var listeners = new List<RemoteListener>();
        var cryptoAccept = CryptoAcceptPolicy.Any;
        foreach (var block in document.Sections("remote"))
        {
            if (listeners.Count == MaxListeners)
            {
                throw ConfigException.For(block, $"more than {MaxListeners} <remote> blocks.");
            }

            var (listener, accept) = ReadBlock(block);
            if (listener.Secure && listeners.Any(l => l.Secure))
            {
                throw ConfigException.For(block, "only one secure <remote> block is allowed.");
            }

            cryptoAccept = listener.Secure ? accept : cryptoAccept;
            listeners.Add(listener);
        }

        return (listeners, cryptoAccept);
    }

    private static (RemoteListener Listener, CryptoAcceptPolicy CryptoAccept) ReadBlock(ConfigElement block)
    {
        bool? secure = null;
        int? port = null;
        var udp = true;
        var tcp = false;
        System.Net.IPAddress? localIp = null;
        var cryptoAccept = CryptoAcceptPolicy.Any;
        List<KeyIp> allowed = [];
        List<KeyIp> denied = [];
        foreach (var e in block.Children)
        {
            ConfigValues.NoChildren(e);
            switch (e.Name)
            {
                case "connection":
                    secure = e.Value switch
                    {
                        "secure" => true,
                        "syslog" => false,
                        _ => throw ConfigException.For(e, $"Invalid value for element 'connection': {e.Value}."),
                    };
                    break;
                case "port":
                    port = ConfigValues.Int(e, 1, 65535);
                    break;
                case "protocol":
                    (udp, tcp) = ParseProtocol(e);
                    break;
                case "local_ip":
                    localIp = ConfigValues.Address(e);
                    break;
                case "ipv6":
                    // Accepted and checked; the bind is dual-stack anyway.
                    _ = ConfigValues.YesNo(e);
                    break;
                case "allowed-ips":
                    allowed.Add(ParseSource(e));
                    break;
                case "denied-ips":
                    denied.Add(ParseSource(e));
                    break;
                case "crypto_accept":
                    cryptoAccept = e.Value switch
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

        var isSecure = secure ?? throw ConfigException.For(block, "No remote connection configured.");
        if (!isSecure && allowed.Count == 0)
        {
            throw ConfigException.For(block, "a syslog <remote> needs at least one <allowed-ips>.");
        }

        var listener = new RemoteListener
        {
            Secure = isSecure,
            Port = port ?? (isSecure ? 1514 : 514),
            Udp = udp,
            Tcp = tcp,
            LocalIp = localIp,
            Line = block.Line,
            AllowedIps = allowed,
            DeniedIps = denied,
        };
        return (listener, cryptoAccept);
    }

    private static (bool Udp, bool Tcp) ParseProtocol(ConfigElement e)
    {
        var (udp, tcp) = (false, false);
        foreach (var part in e.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "udp":
                    udp = true;
                    break;
                case "tcp":
                    tcp = true;
                    break;
                default:
                    throw ConfigException.For(e, $"Invalid value for element 'protocol': {e.Value}. Expected udp, tcp or udp,tcp.");
            }
        }

        return (udp, tcp);
    }

    private static KeyIp ParseSource(ConfigElement e) =>
        KeyIp.TryParse(e.Value, out var ip) && !e.Value.StartsWith('!')
            ? ip
            : throw ConfigException.For(e, $"Invalid ip address: '{e.Value}'.");
}
