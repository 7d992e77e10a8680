using System.Globalization;
using System.Net;

namespace OssecSharp.LoadTool;

/// <summary>Command line of <c>ossec-loadtool</c> (see <see cref="Usage"/>).</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        ossec-loadtool: simulated OSSEC agents for load-testing ossec-remoted.

          ossec-loadtool keys -D <install> -n <registered agents> [-ip any]
              Writes etc/client.keys of the install with N agents (ids 001…, ip 'any', random keys).

          ossec-loadtool run -D <install> [-m 127.0.0.1] [-p 1514] [-a <sending agents>] [-r <events/s>]
                             [-t <seconds>] [-P udp|tcp] [-c aes|blowfish] [-s <event bytes>] [--pid <remoted pid>]
                             [--settle <seconds>] [--count-at archives|queue] [--pid-file <file>]
              Sends events from the first N agents of the install's client.keys at the given total rate and
              reports written events/s, loss (sent but never written), latency percentiles (send → line in
              logs/archives/archives.log), and remoted's CPU and peak memory (with --pid). --count-at queue counts
              the events remoted forwards to queue/ossec/queue instead, bound by the tool in analysisd's place
              (OSSEC's remoted writes no archives). --pid-file: wait before sending until the file names remoted's
              process ids (space-separated; their CPU and memory are added up).

          ossec-loadtool enroll [-m 127.0.0.1] [-p 1515] [-j <parallel clients>] [-n <enrollments>]
                                [-w <password file>] [--prefix <name prefix>] [--pid <authd pid>]
                                [--tls libssl|gnutls|dotnet]
              Enrolls N new agents against a running ossec-authd (ours or OSSEC's) as agent-auth does (TLS 1.2,
              full handshake, server certificate not verified) and reports enrollments/s, refusals, latency
              percentiles, authd's CPU (with --pid) and the clients' own CPU. Clients are blocking threads over the
              system's libssl, like agent-auth (default), or over GnuTLS (a third less client CPU), or SslStream
              tasks (dotnet; --dotnet-client is the same).
        """;

    public string Command { get; private set; } = string.Empty;

    public string Home { get; private set; } = string.Empty;

    public int Registered { get; private set; } = 10000;

    public string IpField { get; private set; } = "any";

    public IPAddress Manager { get; private set; } = IPAddress.Loopback;

    public int Port { get; private set; } = 1514;

    public int Agents { get; private set; } = 1000;

    public int Rate { get; private set; } = 50000;

    public double Seconds { get; private set; } = 10;

    public bool Tcp { get; private set; }

    public bool Aes { get; private set; } = true;

    public int EventBytes { get; private set; } = 143;

    public int? RemotedPid { get; private set; }

    public double SettleSeconds { get; private set; } = 5;

    public int Clients { get; private set; } = 8;

    public int Enrollments { get; private set; } = 10000;

    public string? PasswordFile { get; private set; }

    public string? NamePrefix { get; private set; }

    /// <summary>The enroll command's TLS client: libssl (default), gnutls or dotnet.</summary>
    public string TlsClient { get; private set; } = "libssl";

    /// <summary>True: count events at the analysis queue (bound by the tool), not in archives.log.</summary>
    public bool CountAtQueue { get; private set; }

    public string? PidFile { get; private set; }

    public static bool TryParse(string[] args, out LoadOptions options, out string? error)
    {
        options = new LoadOptions();
        error = null;
        if (args.Length == 0 || args[0] is not ("keys" or "run" or "enroll"))
        {
            error = "expected 'keys', 'run' or 'enroll'";
            return false;
        }

        options.Command = args[0];
        if (options.Command == "enroll")
        {
            options.Port = 1515;
        }

        for (var i = 1; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--dotnet-client")
            {
                options.TlsClient = "dotnet";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"missing value for {flag}";
                return false;
            }

            var value = args[++i];
            var inv = CultureInfo.InvariantCulture;
            switch (flag)
            {
                case "-D": options.Home = value; break;
                case "-n" when options.Command == "enroll": options.Enrollments = int.Parse(value, inv); break;
                case "-n": options.Registered = int.Parse(value, inv); break;
                case "-j": options.Clients = int.Parse(value, inv); break;
                case "-w": options.PasswordFile = value; break;
                case "--prefix": options.NamePrefix = value; break;
                case "-ip": options.IpField = value; break;
                case "-m": options.Manager = IPAddress.Parse(value); break;
                case "-p": options.Port = int.Parse(value, inv); break;
                case "-a": options.Agents = int.Parse(value, inv); break;
                case "-r": options.Rate = int.Parse(value, inv); break;
                case "-t": options.Seconds = double.Parse(value, inv); break;
                case "-P": options.Tcp = value.Equals("tcp", StringComparison.OrdinalIgnoreCase); break;
                case "-c": options.Aes = !value.Equals("blowfish", StringComparison.OrdinalIgnoreCase); break;
                case "-s": options.EventBytes = int.Parse(value, inv); break;
                case "--tls" when value is "libssl" or "gnutls" or "dotnet": options.TlsClient = value; break;
                case "--tls":
                    error = "--tls takes libssl, gnutls or dotnet";
                    return false;
                case "--pid": options.RemotedPid = int.Parse(value, inv); break;
                case "--settle": options.SettleSeconds = double.Parse(value, inv); break;
                case "--count-at" when value is "archives" or "queue": options.CountAtQueue = value == "queue"; break;
                case "--pid-file": options.PidFile = value; break;
                default:
                    error = $"unknown option {flag}";
                    return false;
            }
        }

        if (options.Clients < 1 || options.Enrollments < 1)
        {
            error = "-j and -n must be at least 1";
            return false;
        }

        if (options.TlsClient == "gnutls" && !GnuTlsClient.IsAvailable())
        {
            error = "--tls gnutls: the system's libgnutls.so.30 cannot be loaded (Debian: libgnutls30)";
            return false;
        }

        if (string.IsNullOrEmpty(options.Home) && options.Command != "enroll")
        {
            error = "-D <install dir> is required";
            return false;
        }

        return true;
    }
}
