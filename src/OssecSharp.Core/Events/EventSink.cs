using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using OssecSharp.Core.Net;
using OssecSharp.Core.Rotation;
using Serilog;

namespace OssecSharp.Core.Events;

/// <summary>
/// Where events leave remoted and agentlessd: a bounded queue (producers never block; overflow is counted and
/// reported) drained by one writer that appends archives.log / archives.json (O_APPEND, whole lines, shared with
/// the other daemon) and forwards each event to the analysis socket when a reader is bound there.
/// </summary>
public sealed class EventSink : IAsyncDisposable
{
    // One write(2) per file per batch: at 100,000 events/s, ~100 batches a second.
    private const int MaxBatch = 1024;
    private readonly Channel<QueuedEvent> _channel;
    private readonly EventSinkOptions _options;
    private readonly ILogger _logger;
    private readonly DailyLogFile? _archivesLog;
    private readonly DailyLogFile? _archivesJson;
    private readonly UnixDatagramClient? _analysis;
    private Task? _writer;
    private long _received;
    private long _written;
    private long _discarded;
    private long _forwarded;
    private long _analysisFailures;
    private long _archiveFailures;
    private long _discardedReported;
    private DateTime _lastDropReport = DateTime.MinValue;
    private bool _analysisDownReported;
    private static readonly TimeSpan AnalysisRetryBudget = TimeSpan.FromSeconds(1);
    private bool _analysisStalled;

    // The analysis datagram being sent (the writer is the only user).
    private readonly ArrayBufferWriter<byte> _datagram = new(8192);

    /// <summary>Creates the sink; call <see cref="Start"/> to begin writing.</summary>
    public EventSink(EventSinkOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        _options = options;
        _logger = logger.ForContext<EventSink>();
        _channel = Channel.CreateBounded<QueuedEvent>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // 0660: remoted (ossecr) and agentlessd (ossec) both append to the archives, whichever creates them.
        _archivesLog = options.ArchivesLog is { } log ? ArchiveFile(log, options, 0x1B0 /* 0660 */) : null;
        _archivesJson = options.ArchivesJson is { } json ? ArchiveFile(json, options, 0x1B0) : null;
        _analysis = options.AnalysisSocket is { } socket ? new UnixDatagramClient(socket, options.ConnectRetryInterval) : null;
    }

    /// <summary>The current counters.</summary>
    public EventSinkCounters Counters => new(
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _written),
        Interlocked.Read(ref _discarded),
        Interlocked.Read(ref _forwarded),
        Interlocked.Read(ref _analysisFailures),
        Interlocked.Read(ref _archiveFailures));

    /// <summary>Starts the writer task.</summary>
    public void Start() => _writer ??= Task.Run(WriteLoopAsync);

    /// <summary>Queues an event; false (and counted as discarded) when the queue is full or the sink stopped.</summary>
    public bool TryEnqueue(ArchiveEvent archiveEvent)
    {
        ArgumentNullException.ThrowIfNull(archiveEvent);
        return TryEnqueue(new QueuedEvent(archiveEvent, null, null, 0, archiveEvent.Receipt));
    }

    /// <summary>
    /// Queues an agent's event as received, <paramref name="payload"/> = <c>q:location:text</c> (well formed: at least
    /// <c>q:</c>); its location becomes <c>(&lt;name&gt;) &lt;ip&gt;-&gt;location</c>, the time is now. The bytes are
    /// copied; the writer formats them without strings. False (and counted) as <see cref="TryEnqueue(ArchiveEvent)"/>.
    /// </summary>
    public bool TryEnqueue(ArchiveAgent agent, ReadOnlySpan<byte> payload, IEventReceipt? receipt)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentOutOfRangeException.ThrowIfLessThan(payload.Length, 2);
        return TryEnqueue(new QueuedEvent(null, agent, payload.ToArray(), DateTime.UtcNow.Ticks, receipt));
    }

    private bool TryEnqueue(in QueuedEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _received);
            return true;
        }

        Interlocked.Increment(ref _discarded);
        return false;
    }

    /// <summary>Stops accepting events and waits (up to <paramref name="timeout"/>) until every queued event is written.</summary>
    /// <returns>True when everything queued was written in time.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _channel.Writer.TryComplete();
        if (_writer is null)
        {
            Start();
        }

        try
        {
            await _writer!.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _logger.Warning("Event writer did not finish within {Seconds} s; {Count} events not written.", timeout.TotalSeconds, _channel.Reader.Count);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _archivesLog?.Dispose();
        _archivesJson?.Dispose();
        _analysis?.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<QueuedEvent>(MaxBatch);
        var logBuffer = new ArrayBufferWriter<byte>(256 * 1024);
        var jsonBuffer = new ArrayBufferWriter<byte>(512 * 1024);
        var received = new ReceivedEventWriter(_options.Hostname);
        var housekeeping = new CancellationTokenSource();
        try
        {
            while (true)
            {
                // Under load the queue is never empty and the writer never waits; when it is, the wait ends at least
                // once a second for the drop report.
                if (!reader.TryPeek(out _))
                {
                    if (!housekeeping.TryReset())
                    {
                        housekeeping.Dispose();
                        housekeeping = new CancellationTokenSource();
                    }

                    housekeeping.CancelAfter(TimeSpan.FromSeconds(1));
                    bool more;
                    try
                    {
                        more = await reader.WaitToReadAsync(housekeeping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        ReportDrops(force: false);
                        continue;
                    }

                    if (!more)
                    {
                        break;
                    }
                }

                if (_options.WriterDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_options.WriterDelay).ConfigureAwait(false);
                }

                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteBatchAsync(batch, logBuffer, jsonBuffer, received).ConfigureAwait(false);
                batch.Clear();
                ReportDrops(force: false);
            }
        }
        finally
        {
            housekeeping.Dispose();
        }

        ReportDrops(force: true);
    }

    private async Task WriteBatchAsync(
        List<QueuedEvent> batch, ArrayBufferWriter<byte> logBuffer, ArrayBufferWriter<byte> jsonBuffer, ReceivedEventWriter received)
    {
        logBuffer.ResetWrittenCount();
        jsonBuffer.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (item.Event is null && !ReceivedEventWriter.CanWrite(item.Payload))
            {
                item = item with { Event = ReceivedEventWriter.ToArchiveEvent(item) };
                batch[i] = item;
            }

            if (item.Event is { } archiveEvent)
            {
                if (_archivesLog is not null)
                {
                    var line = ArchiveFormatter.ArchiveLine(archiveEvent, _options.Hostname);
                    var span = logBuffer.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length));
                    logBuffer.Advance(Encoding.UTF8.GetBytes(line, span));
                }

                if (_archivesJson is not null)
                {
                    ArchiveFormatter.JsonLine(archiveEvent, _options.Hostname, jsonBuffer);
                }
            }
            else
            {
                if (_archivesLog is not null)
                {
                    received.ArchiveLine(item, logBuffer);
                }

                if (_archivesJson is not null)
                {
                    received.JsonLine(item, jsonBuffer);
                }
            }

            await ForwardAsync(item).ConfigureAwait(false);
        }

        var written = Append(_archivesLog, logBuffer.WrittenSpan, batch.Count);
        written &= Append(_archivesJson, jsonBuffer.WrittenSpan, batch.Count);
        Interlocked.Add(ref _written, batch.Count);

        // Receipts only after write(2) returned: from then on the kernel holds the lines, so a crash or kill -9 of
        // this process cannot lose them (an OS crash can, until the page cache is written back).
        foreach (var item in batch)
        {
            item.Receipt?.Completed(written);
        }
    }

    private DailyLogFile ArchiveFile(string path, EventSinkOptions options, uint mode) =>
        new(path, options.DailyFiles ? DailyLogFamily.ForArchive(path) : null, options.Time, options.ReopenInterval, mode, _logger);

    private bool Append(DailyLogFile? file, ReadOnlySpan<byte> records, int count)
    {
        if (file is null || records.IsEmpty)
        {
            return true;
        }

        var errno = file.Append(records);
        if (errno != 0)
        {
            Interlocked.Add(ref _archiveFailures, count);
            _logger.Error("Unable to write {Count} events to {File} (errno {Errno}).", count, file.Path, errno);
            return false;
        }

        return true;
    }

    private async ValueTask ForwardAsync(QueuedEvent item)
    {
        if (_analysis is null)
        {
            return;
        }

        var wasConnected = _analysis.IsConnected;
        _datagram.ResetWrittenCount();
        if (item.Event is { } archiveEvent)
        {
            _datagram.Write(ArchiveFormatter.QueueDatagram(archiveEvent));
        }
        else
        {
            ReceivedEventWriter.QueueDatagram(item, _datagram);
        }

        if (await SendWithPatienceAsync(_datagram.WrittenMemory).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _forwarded);
            if (_analysisDownReported)
            {
                _analysisDownReported = false;
                _logger.Information("Connected to the analysis queue {Socket}.", _options.AnalysisSocket);
            }

            return;
        }

        var failures = Interlocked.Increment(ref _analysisFailures);

        // No reader bound (the usual case without analysisd) is only counted. A reader that is busy or went away
        // is reported as OSSEC 4.x does: on the 1st and every 100th failure.
        if (wasConnected && (failures == 1 || failures % 100 == 0 || !_analysisDownReported))
        {
            _analysisDownReported = true;
            _logger.Warning("Queue send failures ({Count} messages dropped).", failures);
        }
    }

    // A reader that is there but momentarily full (EAGAIN/ENOBUFS: analysisd busy) gets the event a little later
    // instead of losing it: this runs on the sink's own writer, never on a receive loop, and the bounded queue in
    // front of it turns a reader that stays stuck into counted discards. After one event has waited the whole budget
    // in vain, later ones are tried once each until a send succeeds again, so a hung reader cannot slow the archives.
    // The writer waits with Task.Delay: no thread of the pool is blocked while analysisd catches up.
    private async ValueTask<bool> SendWithPatienceAsync(ReadOnlyMemory<byte> datagram)
    {
        if (_analysis!.TrySend(datagram.Span))
        {
            _analysisStalled = false;
            return true;
        }

        if (_analysisStalled || !_analysis.IsConnected
            || _analysis.LastError is not (SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable))
        {
            return false;
        }

        var deadline = Environment.TickCount64 + (long)AnalysisRetryBudget.TotalMilliseconds;
        var delay = 1;
        while (Environment.TickCount64 < deadline)
        {
            await Task.Delay(delay).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 50);
            if (_analysis.TrySend(datagram.Span))
            {
                return true;
            }

            if (_analysis.LastError is not (SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable))
            {
                return false;
            }
        }

        _analysisStalled = true;
        return false;
    }

    private void ReportDrops(bool force)
    {
        var discarded = Interlocked.Read(ref _discarded);
        var now = DateTime.UtcNow;
        if (discarded == _discardedReported || (!force && now - _lastDropReport < _options.DropReportInterval))
        {
            return;
        }

        _logger.Warning("{Count} events discarded: event queue full ({Capacity} events).", discarded - _discardedReported, _options.Capacity);
        _discardedReported = discarded;
        _lastDropReport = now;
    }
}
