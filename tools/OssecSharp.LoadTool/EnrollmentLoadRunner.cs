using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>
/// <c>ossec-loadtool enroll</c>: parallel clients that enroll exactly as OSSEC's agent-auth does (TCP connect, TLS 1.2
/// handshake, <c>OSSEC A:'name'</c> with the optional password, read the key record, close), each one after the
/// other, against a running ossec-authd (ours or OSSEC's). Reports enrollments/s, refusals, latency percentiles and
/// the daemon's CPU when its pid is given.
/// </summary>
internal sealed class EnrollmentLoadRunner
{
    private readonly LoadOptions _options;
    private readonly TextWriter _progress;
    private readonly string _prefix;
    private int _sequence;

    public EnrollmentLoadRunner(LoadOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;

        // Names unique across runs against the same manager, so a rerun measures enrollments and not refusals.
        _prefix = options.NamePrefix ?? "load" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + "-";
    }

    public async Task<EnrollmentReport> RunAsync(CancellationToken cancellationToken)
    {
        var password = _options.PasswordFile is { } file
            ? (await File.ReadAllTextAsync(file, cancellationToken)).Split('\n')[0].TrimEnd('\r')
            : null;
        var endPoint = new IPEndPoint(_options.Manager, _options.Port);
        var total = _options.Enrollments;
        var latencies = new double[total];
        var remaining = total;
        var failures = 0;
        string? firstFailure = null;

        var cpuBefore = _options.RemotedPid is { } pid ? ProcessSampler.CpuSeconds(pid) : null;
        var ownCpuBefore = ProcessSampler.CpuSeconds(Environment.ProcessId);
        await _progress.WriteLineAsync($"enrolling {total} agents with {_options.Clients} parallel clients at {endPoint}");
        using IBlockingTlsClient? native = _options.TlsClient switch
        {
            "dotnet" => null,
            "gnutls" => new GnuTlsClient(),
            _ => new NativeTlsClient(),
        };
        var watch = Stopwatch.StartNew();

        // One blocking thread per native client, as parallel agent-auth processes would be; .NET clients are tasks.
        void Work()
        {
            int slot;
            var buffer = new byte[1024];
            while ((slot = Interlocked.Decrement(ref remaining)) >= 0 && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var error = native is null
#pragma warning disable VSTHRD002 // a dedicated thread of the load tool: nothing to deadlock on.
                    ? EnrollOneAsync(endPoint, password, cancellationToken).GetAwaiter().GetResult()
#pragma warning restore VSTHRD002
                    : EnrollOneNative(native, endPoint, password, buffer);
                latencies[slot] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is not null)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, error, null);
                }
            }
        }

        var threads = Enumerable.Range(0, _options.Clients).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            await Task.Run(thread.Join, cancellationToken);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var cpuAfter = _options.RemotedPid is { } pid2 ? ProcessSampler.CpuSeconds(pid2) : null;
        var ownCpuAfter = ProcessSampler.CpuSeconds(Environment.ProcessId);

        Array.Sort(latencies);
        double Pct(double p) => latencies.Length == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)];
        double? cpu = cpuBefore is { } b && cpuAfter is { } a ? (a - b) / seconds * 100 : null;
        double? ownCpu = ownCpuBefore is { } ob && ownCpuAfter is { } oa ? (oa - ob) / seconds * 100 : null;
        return new EnrollmentReport(total, failures, firstFailure, _options.Clients, seconds,
            Pct(0.5), Pct(0.9), Pct(0.99), latencies.Length == 0 ? double.NaN : latencies[^1], cpu, ownCpu);
    }

    // Returns null on success, else what went wrong.
    private string? EnrollOneNative(IBlockingTlsClient client, IPEndPoint endPoint, string? password, byte[] buffer)
    {
        var name = _prefix + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        try
        {
            var reply = client.Exchange(endPoint, Encoding.ASCII.GetBytes(Request(name, password)), buffer);
            if (reply is null)
            {
                return "TLS handshake or I/O failed";
            }

            var text = Encoding.ASCII.GetString(reply);
            return text.StartsWith("OSSEC K:'", StringComparison.Ordinal) ? null : "refused: " + text.Trim();
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }

    private static string Request(string name, string? password) =>
        password is null ? $"OSSEC A:'{name}'\n" : $"OSSEC PASS: {password} OSSEC A:'{name}'\n";

    private async Task<string?> EnrollOneAsync(IPEndPoint endPoint, string? password, CancellationToken cancellationToken)
    {
        var name = _prefix + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint, cancellationToken);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endPoint.Address.ToString(),
                EnabledSslProtocols = SslProtocols.Tls12,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            }, cancellationToken);
            await ssl.WriteAsync(Encoding.ASCII.GetBytes(Request(name, password)), cancellationToken);
            var buffer = new byte[1024];
            var read = await ssl.ReadAsync(buffer, cancellationToken);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("OSSEC K:'", StringComparison.Ordinal) ? null : "refused: " + reply.Trim();
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            return e.Message;
        }
    }
}

/// <summary>The figures of one enrollment run.</summary>
internal sealed record EnrollmentReport(
    int Attempted, int Failed, string? FirstFailure, int Clients, double Seconds,
    double LatencyP50Ms, double LatencyP90Ms, double LatencyP99Ms, double LatencyMaxMs, double? DaemonCpuPercent,
    double? ClientCpuPercent)
{
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(inv, $"clients={Clients} attempted={Attempted} enrolled={Attempted - Failed} failed={Failed} in {Seconds:F2} s");
        b.AppendLine(inv, $"enrollments_per_second={(Attempted - Failed) / Seconds:F0}");
        b.AppendLine(inv, $"latency_ms p50={LatencyP50Ms:F2} p90={LatencyP90Ms:F2} p99={LatencyP99Ms:F2} max={LatencyMaxMs:F2}");
        if (DaemonCpuPercent is { } cpu)
        {
            b.AppendLine(inv, $"authd_cpu={cpu:F1}% (of one core)");
        }

        // The clients share the cores with the daemon: their own cost per enrollment bounds the rate as much.
        if (ClientCpuPercent is { } own && Attempted > Failed)
        {
            b.AppendLine(inv, $"client_cpu={own:F1}% (of one core) client_cpu_ms_per_enrollment={own / 100 * Seconds * 1000 / (Attempted - Failed):F3}");
        }

        if (FirstFailure is not null)
        {
            b.AppendLine(inv, $"first_failure={FirstFailure}");
        }

        return b.ToString();
    }
}
