using System.Diagnostics;
using OssecSharp.Core.Logging;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Transport;
using Serilog;

namespace OssecSharp.Remoted.Pipeline;

/// <summary>
/// Socket loops → bounded fair queue → decrypt workers. Reception never waits: when a source's shard is full its
/// datagram is discarded, counted and reported (rate-limited); other sources are unaffected.
/// </summary>
internal sealed class ReceivePipeline : IDatagramSink
{
    private readonly FairQueue _queue;
    private readonly Func<int, MessageProcessor> _processorFactory;
    private readonly RemotedStats _stats;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;
    private readonly int _maxDatagram;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _workers = [];

    public ReceivePipeline(
        FairQueue queue, Func<int, MessageProcessor> processorFactory, RemotedStats stats, ILogger log, LogThrottle throttle, int maxDatagram)
    {
        _queue = queue;
        _processorFactory = processorFactory;
        _stats = stats;
        _log = log;
        _throttle = throttle;
        _maxDatagram = maxDatagram;
    }

    public int Pending => _queue.Pending;

    public void Accept(ReadOnlySpan<byte> message, IPeer peer)
    {
        _stats.OnReceived(message.Length);
        if (message.Length == 0)
        {
            _stats.OnReject(RejectReason.BadFormat);
            return;
        }

        if (message.Length > _maxDatagram)
        {
            _stats.OnReject(RejectReason.Oversize);
            return;
        }

        var datagram = Datagram.Copy(message, peer);
        if (_queue.TryEnqueue(datagram))
        {
            return;
        }

        datagram.Release();
        _stats.OnIngressDropped();
        if (_throttle.ShouldLog("ingress-full", out var suppressed))
        {
            _log.Warning("Receive queue full: message from '{Ip}' discarded ({Total} discarded so far, {Suppressed} since the last report).",
                peer.IpString, _stats.IngressDropped, suppressed + 1);
        }
    }

    /// <summary>Starts one worker per lane; they run until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        var cancellationToken = _stop.Token;
        _workers = new Task[_queue.LaneCount];
        for (var i = 0; i < _workers.Length; i++)
        {
            var lane = _queue.Lane(i);
            var processor = _processorFactory(i);
            _workers[i] = Task.Factory.StartNew(
                () => WorkAsync(lane, processor, cancellationToken), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task WorkAsync(FairLane lane, MessageProcessor processor, CancellationToken cancellationToken)
    {
        void Handle(Datagram datagram)
        {
            try
            {
                processor.Process(datagram.Span, datagram.Peer);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One datagram must never stop the worker.
                if (_throttle.ShouldLog("worker-exception", out _))
                {
                    _log.Error(e, "Unexpected error while handling a message from '{Ip}'.", datagram.Peer.IpString);
                }
            }
            finally
            {
                datagram.Release();
            }
        }

        using (processor)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (lane.DrainRound(Handle) > 0)
                {
                    continue;
                }

                try
                {
                    await lane.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// After the sockets are closed: lets the workers finish what was already received (up to
    /// <paramref name="drainTimeout"/>), then stops them and drops the rest.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (_queue.Pending > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < _queue.LaneCount; i++)
        {
            _queue.Lane(i).Clear();
        }

        _stop.Dispose();
    }
}
