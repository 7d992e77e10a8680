using System.Threading.Channels;
using Serilog;

namespace OssecSharp.Agentd.Buffer;

/// <summary>
/// The events waiting to go to the manager: a bounded queue as Wazuh's <c>client_buffer</c>, drained by one
/// sender at the configured events-per-second rate. When enabled, a producer that finds it full loses the event,
/// and the loss is counted and logged (never silent). When disabled (OSSEC's own behaviour: no buffer), producers
/// wait instead, so the local queue socket is simply not read while the manager is away.
/// </summary>
internal sealed class ClientBuffer : IDisposable
{
    private static readonly TimeSpan s_roomRecheck = TimeSpan.FromMilliseconds(100);

    private const int WarnPercent = 90;
    private const int RecoverPercent = 70;
    private static readonly TimeSpan s_dropReportPeriod = TimeSpan.FromSeconds(10);

    private readonly Channel<byte[]> _channel;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    // Wakes a thread blocked in Offer (buffer disabled and full); set by the reader only while one is blocked.
    private readonly ManualResetEventSlim _room = new(false);
    private int _blockedWriters;
    private BufferLevel _level;
    private long _dropped;
    private long _droppedSinceFull;
    private long _lastReportedDrops;
    private DateTimeOffset _lastDropReport;

    public ClientBuffer(int capacity, bool dropWhenFull, ILogger log, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        DropWhenFull = dropWhenFull;
        _log = log;
        _time = time;
        _channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            // The sender waiting on an empty buffer then runs on the producer's thread (usually the local queue's
            // reader): one thread wakes per event instead of two. It sends what it finds, then waits again, so a
            // producer is only held for as long as the events it just added take to send.
            AllowSynchronousContinuations = true,
        });
    }

    public int Capacity { get; }

    /// <summary>True for Wazuh's buffer (drop and count when full); false for OSSEC's behaviour (wait).</summary>
    public bool DropWhenFull { get; }

    public int Count => _channel.Reader.Count;

    /// <summary>Events lost because the buffer was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Offers an event from a producer that cannot wait (the local queue socket when the buffer is enabled).
    /// Returns false when the event was dropped.
    /// </summary>
    public async ValueTask<bool> OfferAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (!DropWhenFull)
        {
            await _channel.Writer.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (_channel.Writer.TryWrite(payload))
        {
            AfterWrite();
            return true;
        }

        RecordDrop();
        return false;
    }

    /// <summary>
    /// <see cref="OfferAsync"/> for a dedicated producer thread (the local queue socket's reader): the same outcome,
    /// but a producer that must wait blocks its own thread instead of awaiting.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for room.</exception>
    public bool Offer(byte[] payload, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(payload))
        {
            AfterWrite();
            return true;
        }

        if (DropWhenFull)
        {
            RecordDrop();
            return false;
        }

        Interlocked.Increment(ref _blockedWriters);
        try
        {
            while (true)
            {
                _room.Reset();
                if (_channel.Writer.TryWrite(payload))
                {
                    return true;
                }

                // The timeout only covers a wake-up consumed by another blocked writer.
                _room.Wait(s_roomRecheck, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _blockedWriters);
        }
    }

    /// <summary>Adds an event, waiting for room: for producers that can hold their input (a followed file).</summary>
    public async ValueTask AddAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(payload))
        {
            AfterWrite();
            return;
        }

        await _channel.Writer.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        AfterWrite();
    }

    /// <summary>Takes the next event, waiting for one.</summary>
    public async ValueTask<byte[]> TakeAsync(CancellationToken cancellationToken)
    {
        var payload = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        AfterRead();
        return payload;
    }

    /// <summary>Completes when an event is waiting (true), or the buffer is closed (false); takes nothing.</summary>
    public ValueTask<bool> WaitToTakeAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the next event if one is waiting.</summary>
    public bool TryTake(out byte[] payload)
    {
        if (_channel.Reader.TryRead(out payload!))
        {
            AfterRead();
            return true;
        }

        return false;
    }

    /// <summary>Logs the drops seen since the last report (called periodically by the daemon).</summary>
    public void ReportDrops()
    {
        lock (_gate)
        {
            var dropped = _dropped;
            if (dropped == _lastReportedDrops)
            {
                return;
            }

            _log.Warning("Agent buffer is full: {Count} events dropped so far ({Total} since start).",
                _droppedSinceFull, dropped);
            _lastReportedDrops = dropped;
            _lastDropReport = _time.GetUtcNow();
        }
    }

    private void AfterWrite()
    {
        if (!DropWhenFull)
        {
            return;
        }

        var count = Count;
        if (count * 100L < Capacity * (long)WarnPercent)
        {
            return;
        }

        lock (_gate)
        {
            if (_level == BufferLevel.Normal)
            {
                _level = BufferLevel.Warning;
                _log.Warning("Agent buffer at {Percent} %.", WarnPercent);
            }
        }
    }

    public void Dispose() => _room.Dispose();

    private void AfterRead()
    {
        if (Volatile.Read(ref _blockedWriters) > 0)
        {
            _room.Set();
        }

        if (!DropWhenFull || _level == BufferLevel.Normal)
        {
            return;
        }

        var count = Count;
        if (count * 100L >= Capacity * (long)RecoverPercent)
        {
            return;
        }

        lock (_gate)
        {
            if (_level == BufferLevel.Normal)
            {
                return;
            }

            if (_droppedSinceFull > 0)
            {
                _log.Information(
                    "Agent buffer is under {Percent} %. Working properly again. {Count} events were dropped while it was full.",
                    RecoverPercent, _droppedSinceFull);
            }
            else
            {
                _log.Information("Agent buffer is under {Percent} %. Working properly again.", RecoverPercent);
            }

            _lastReportedDrops = _dropped;
            _droppedSinceFull = 0;
            _level = BufferLevel.Normal;
        }
    }

    private void RecordDrop()
    {
        lock (_gate)
        {
            _dropped++;
            _droppedSinceFull++;
            var now = _time.GetUtcNow();
            if (_level != BufferLevel.Full)
            {
                _level = BufferLevel.Full;
                _log.Warning("Agent buffer is full: Events may be lost.");
                _lastDropReport = now;
                _lastReportedDrops = _dropped - 1;
            }
            else if (now - _lastDropReport >= s_dropReportPeriod)
            {
                _log.Warning("Agent buffer is full: {Count} events dropped so far ({Total} since start).",
                    _droppedSinceFull, _dropped);
                _lastReportedDrops = _dropped;
                _lastDropReport = now;
            }
        }
    }

    private enum BufferLevel
    {
        Normal,
        Warning,
        Full,
    }
}
