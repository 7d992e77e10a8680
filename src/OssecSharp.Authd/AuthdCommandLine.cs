using System.Globalization;
using OssecSharp.Core.Cli;
using OssecSharp.Core.Hosting;

namespace OssecSharp.Authd;

/// <summary>
/// ossec-authd's flags as OSSEC 4.x declares them (enrollment.md §5): <c>-c</c> is the cipher list here. <c>-F</c> is ours
/// (Wazuh's letter for the same idea): OSSEC has no way to re-enroll a host under its old name.
/// </summary>
internal static class AuthdCommandLine
{
    public static OssecCommandSpec Spec { get; } = new(
        "ossec-authd",
        "-[Vhdtfin] [-u user] [-g group] [-D dir] [-p port] [-c ciphers] [-v path] [-x path] [-k path] [-F seconds]",
        [
            new('V', null, "Version and license message"),
            new('h', null, "This help message"),
            new('d', null, "Execute in debug mode. This parameter", "can be specified multiple times", "to increase the debug level."),
            new('t', null, "Test configuration"),
            new('f', null, "Run in foreground"),
            new('i', null, "Use client's source IP address"),
            new('n', null, "Disable shared password authentication (not recommended)."),
            new('u', "user", "User to run as (default: ossec)"),
            new('g', "group", "Group to run as (default: ossec)"),
            new('D', "dir", "Directory to chroot into (default: /var/ossec)"),
            new('p', "port", "Manager port (default: 1515)"),
            new('c', "ciphers", "SSL cipher list (default: " + Core.Net.Tls.OpenSslCipherList.OssecDefault + ")"),
            new('v', "path", "Full path to CA certificate used to verify clients"),
            new('x', "path", "Full path to server certificate (default: etc/sslmanager.cert)"),
            new('k', "path", "Full path to server key (default: etc/sslmanager.key)"),
            new('F', "sec", "Replace an agent with the same name or IP that has been", "disconnected for <sec> seconds or never connected", "(default: off, OSSEC's name2 / duplicate IP error)"),
        ]);

    /// <summary>authd's configuration loader: its flags (<c>-t</c> exits once they are valid).</summary>
    public static AuthdConfig Load(DaemonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Read(context.Parse);
    }

    /// <summary>Reads the authd flags; throws <see cref="FormatException"/> with OSSEC's message for a bad port.</summary>
    public static AuthdConfig Read(OssecParseResult parse)
    {
        var port = AuthdConfig.DefaultPort;
        if (parse.Value('p') is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                throw new FormatException($"Invalid port: {text}");
            }
        }

        TimeSpan? replace = null;
        if (parse.Value('F') is { } seconds)
        {
            if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Invalid value for -F (seconds, 0 or more): {seconds}");
            }

            replace = TimeSpan.FromSeconds(value);
        }

        return new AuthdConfig
        {
            ReplaceSilentAfter = replace,
            Port = port,
            UseSourceIp = parse.Has('i'),
            User = parse.Value('u') ?? "ossec",
            Group = parse.Value('g') ?? "ossec",
            NoPassword = parse.Has('n'),
            Ciphers = parse.Value('c'),
            CaFile = FullPath(parse.Value('v')),
            CertificateFile = FullPath(parse.Value('x')),
            KeyFile = FullPath(parse.Value('k')),
        };
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);
}
