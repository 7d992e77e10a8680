using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.LoadTool;

/// <summary>
/// One load run: encode every event up front (so the tool's crypto does not compete with remoted for the CPU during
/// the measurement), send them paced at the requested rate over UDP or TCP, then watch the archive until it stops
/// growing and report.
/// </summary>
internal sealed class LoadRunner
{
    private readonly LoadOptions _options;
    private readonly TextWriter _out;

    public LoadRunner(LoadOptions options, TextWriter output)
    {
        _options = options;
        _out = output;
    }

    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        var keys = KeyTable.Parse(await File.ReadAllTextAsync(Path.Combine(_options.Home, "etc", "client.keys"), cancellationToken));
        var count = Math.Min(_options.Agents, keys.Count);
        if (count == 0)
        {
            throw new InvalidOperationException("client.keys has no agents.");
        }

        // Counters start at "now" so that runs against the same manager keep going up.
        var startGlobal = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var agents = keys.Entries.Take(count).Select(e => new SimulatedAgent(e, _options.Aes ? CryptoMethod.Aes : CryptoMethod.Blowfish, startGlobal)).ToArray();
        var total = (int)Math.Min(int.MaxValue - 1, (long)(_options.Rate * _options.Seconds));
        var runId = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);

        var tally = new EventTally(runId, total);
        using var queue = _options.CountAtQueue ? new QueueWatcher(Path.Combine(_options.Home, "queue", "ossec", "queue"), tally) : null;

        var encodeWatch = Stopwatch.StartNew();
        var messages = Encode(agents, total, runId);
        await _out.WriteLineAsync($"encoded {total} events for {count} agents in {encodeWatch.Elapsed.TotalSeconds:F1} s");
        var pids = await RemotedPidsAsync(cancellationToken);

        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = queue is not null
            ? queue.RunAsync(stopWatching.Token)
            : new ArchiveWatcher(Path.Combine(_options.Home, "logs", "archives", "archives.log"), tally).RunAsync(stopWatching.Token);

        var cpuBefore = pids.Count > 0 ? ProcessSampler.CpuSeconds(pids) : null;
        var sentAt = new long[total];
        var sendStart = Stopwatch.GetTimestamp();
        if (_options.Tcp)
        {
            await SendTcpAsync(messages, count, sentAt, cancellationToken);
        }
        else
        {
            SendUdp(messages, sentAt, cancellationToken);
        }

        var sendEnd = Stopwatch.GetTimestamp();
        await SettleAsync(tally, total, cancellationToken);
        var cpuAfter = pids.Count > 0 ? ProcessSampler.CpuSeconds(pids) : null;
        await stopWatching.CancelAsync();
        await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        return LoadReport.Build(_options, total, count, sentAt, tally, sendStart, sendEnd, cpuBefore, cpuAfter, pids);
    }

    private byte[][] Encode(SimulatedAgent[] agents, int total, string runId)
    {
        var messages = new byte[total][];
        var filler = new string('x', Math.Max(0, _options.EventBytes - 40));

        // Each agent encodes its own messages in order (its counters must grow in send order); each thread keeps one
        // zlib and MD5 state, as an agent does.
        Parallel.For(
            0,
            agents.Length,
            () => new SecureMessageEncoder(),
            (a, _, encoder) =>
            {
                for (var i = a; i < total; i += agents.Length)
                {
                    var payload = Encoding.ASCII.GetBytes(
                        "1:loadtool:lt" + runId + "#" + i.ToString(CultureInfo.InvariantCulture) + "# " + filler);
                    messages[i] = agents[a].Encode(payload, encoder);
                }

                return encoder;
            },
            encoder => encoder.Dispose());
        return messages;
    }

    private void SendUdp(byte[][] messages, long[] sentAt, CancellationToken cancellationToken)
    {
        using var socket = new Socket(_options.Manager.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.SendBufferSize = 4 * 1024 * 1024;
        socket.Connect(new IPEndPoint(_options.Manager, _options.Port));
        Pace(messages.Length, i =>
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            try
            {
                socket.Send(messages[i]);
            }
            catch (SocketException)
            {
                // ECONNREFUSED from an earlier ICMP: the datagram counts as lost.
            }
        }, cancellationToken);
    }

    private async Task SendTcpAsync(byte[][] messages, int agents, long[] sentAt, CancellationToken cancellationToken)
    {
        var sockets = new Socket[agents];
        try
        {
            for (var a = 0; a < agents; a++)
            {
                sockets[a] = new Socket(_options.Manager.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await sockets[a].ConnectAsync(new IPEndPoint(_options.Manager, _options.Port), cancellationToken);
            }

            Pace(messages.Length, i =>
            {
                sentAt[i] = Stopwatch.GetTimestamp();
                sockets[i % agents].Send(TcpFraming.Encode(messages[i]));
            }, cancellationToken);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    /// <summary>Calls <paramref name="send"/> for 0…total-1, message i no earlier than start + i / rate.</summary>
    private void Pace(int total, Action<int> send, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var ticksPerMessage = (double)Stopwatch.Frequency / _options.Rate;
        var next = 0;
        while (next < total && !cancellationToken.IsCancellationRequested)
        {
            var due = (int)Math.Min(total, (Stopwatch.GetTimestamp() - start) / ticksPerMessage + 1);
            if (due <= next)
            {
                Thread.Sleep(1);
                continue;
            }

            while (next < due)
            {
                send(next++);
            }
        }
    }

    /// <summary>--pid, or the ids --pid-file names once it exists (the caller starts remoted meanwhile).</summary>
    private async Task<IReadOnlyList<int>> RemotedPidsAsync(CancellationToken cancellationToken)
    {
        if (_options.PidFile is not { } file)
        {
            return _options.RemotedPid is { } pid ? [pid] : [];
        }

        var deadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var text = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken) : string.Empty;
            var pids = text.Split([' ', ',', '\n'], StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (pids.Length > 0)
            {
                return pids;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"{file} did not name remoted's process ids within 120 s.");
    }

    private async Task SettleAsync(EventTally archive, int total, CancellationToken cancellationToken)
    {
        // Wait until everything arrived, or nothing new arrived for the settle time.
        var lastCount = -1L;
        var quietSince = Stopwatch.GetTimestamp();
        while (archive.Seen < total)
        {
            await Task.Delay(100, cancellationToken);
            if (archive.Seen != lastCount)
            {
                lastCount = archive.Seen;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince).TotalSeconds > _options.SettleSeconds)
            {
                break;
            }
        }
    }
}
