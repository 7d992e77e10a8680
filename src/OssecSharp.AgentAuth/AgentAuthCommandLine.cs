using System.Globalization;
using OssecSharp.Core.Cli;

namespace OssecSharp.AgentAuth;

/// <summary>agent-auth's flags (OSSEC 4.x, enrollment.md §6).</summary>
internal static class AgentAuthCommandLine
{
    public static OssecCommandSpec Spec { get; } = new(
        "agent-auth",
        "-[Vhdt] [-g group] [-D dir] [-m IP address] [-p port] [-A name] [-c ciphers] [-v path] [-x path] [-k path] [-P path]",
        [
            new('V', null, "Version and license message"),
            new('h', null, "This help message"),
            new('d', null, "Execute in debug mode. This parameter", "can be specified multiple times", "to increase the debug level."),
            new('t', null, "Test configuration"),
            new('g', "group", "Group to run as (default: ossec)"),
            new('D', "dir", "Directory to chroot into (default: /var/ossec)"),
            new('m', "addr", "Manager IP address or host name"),
            new('p', "port", "Manager port (default: 1515)"),
            new('A', "name", "Agent name (default: hostname)"),
            new('c', "ciphers", "SSL cipher list (default: " + Core.Net.Tls.OpenSslCipherList.OssecDefault + ")"),
            new('v', "path", "Full path to CA certificate used to verify the server"),
            new('x', "path", "Full path to agent certificate"),
            new('k', "path", "Full path to agent key"),
            new('P', "path", "Authorization password file (default: etc/authd.pass)"),
        ]);

    /// <summary>Reads the flags; throws <see cref="FormatException"/> for a bad port.</summary>
    public static AgentAuthOptions Read(OssecParseResult parse)
    {
        var port = AgentAuthOptions.DefaultPort;
        if (parse.Value('p') is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"Invalid port: {text}");
        }

        return new AgentAuthOptions
        {
            Manager = parse.Value('m'),
            Port = port,
            AgentName = parse.Value('A'),
            PasswordFile = parse.Value('P'),
            CaFile = parse.Value('v'),
            CertificateFile = parse.Value('x'),
            KeyFile = parse.Value('k'),
            Ciphers = parse.Value('c'),
            DebugLevel = parse.Count('d'),
        };
    }
}
