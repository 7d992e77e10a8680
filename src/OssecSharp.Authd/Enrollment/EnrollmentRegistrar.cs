using System.Diagnostics;
using System.Threading.Channels;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// The single writer of authd: connections queue their validated requests here and one consumer drains everything
/// pending into one <see cref="IEnrollmentKeyStore.Commit"/> (group commit: one lock, one journal append, one fsync
/// for the whole batch), then answers each. No key is released before it is durably on disk. The same consumer folds
/// the journal into client.keys when <see cref="CompactionSchedule"/> says so, and once more when it stops.
/// </summary>
internal sealed class EnrollmentRegistrar : IAsyncDisposable
{
    private readonly IEnrollmentKeyStore _store;
    private readonly ILogger _log;
    private readonly Channel<Pending> _queue;
    private readonly int _maxBatch;
    private readonly Task _consumer;

    private readonly CompactionSchedule _schedule;

    private readonly Func<int> _unanswered;

    /// <param name="unanswered">
    /// Connections open right now that have not been answered yet (those of the batch being answered included; answered
    /// ones that are still closing excluded).
    /// </param>
    public EnrollmentRegistrar(
        IEnrollmentKeyStore store, ILogger log, int capacity, TimeProvider time, Func<int> unanswered, int maxBatch = 4096)
    {
        _store = store;
        _unanswered = unanswered;
        _log = log;
        _schedule = new CompactionSchedule(time);
        _maxBatch = maxBatch;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>How the requests ended (state and metrics files).</summary>
    public EnrollmentCounters Counters { get; } = new();

    /// <summary>Total batches committed (for the load tool and tests).</summary>
    public long Batches { get; private set; }

    /// <summary>Total rewrites of client.keys that folded the journal (for the benchmarks and tests).</summary>
    public long Compactions { get; private set; }

    /// <summary>
    /// Queues <paramref name="candidate"/> and waits for its outcome. Once queued the request is committed even if
    /// <paramref name="token"/> fires (the caller then just does not send the key, as when OSSEC's write fails).
    /// <paramref name="answered"/> runs on the writer as soon as the outcome is decided, before the next batch is
    /// looked at, so that batch's count of connections still to answer no longer includes this one.
    /// </summary>
    public async Task<EnrollmentOutcome> EnrollAsync(EnrollmentCandidate candidate, Action? answered, CancellationToken token)
    {
        var pending = new Pending(candidate, answered);
        try
        {
            await _queue.Writer.WriteAsync(pending, token);
        }
        catch (ChannelClosedException)
        {
            return EnrollmentOutcome.InternalError;
        }

        var outcome = await pending.Completion.Task.WaitAsync(token);
        Counters.Count(outcome.Status);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();

        // The consumer is our own task; this process has no synchronization context to deadlock on.
#pragma warning disable VSTHRD003
        await _consumer;
#pragma warning restore VSTHRD003
    }

    private async Task ConsumeAsync()
    {
        // A journal left by a crash is folded before anything else.
        Compact();
        var batch = new List<Pending>();
        var candidates = new List<EnrollmentCandidate>();
        Task<bool>? waiting = null;
        while (true)
        {
            waiting ??= _queue.Reader.WaitToReadAsync().AsTask();
            if (_store.Backlog > 0 && !waiting.IsCompleted)
            {
                // Requests or the due time of the next compaction, whichever comes first.
                var remaining = _schedule.Remaining;
                if (remaining > TimeSpan.Zero)
                {
                    await Task.WhenAny(waiting, Task.Delay(remaining));
                }

                if (!waiting.IsCompleted)
                {
                    Compact();
                    continue;
                }
            }

            if (!await waiting)
            {
                break;
            }

            waiting = null;
            batch.Clear();
            candidates.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                candidates.Add(item.Candidate);
            }

            IReadOnlyList<EnrollmentOutcome> outcomes;
            try
            {
                outcomes = _store.Commit(candidates);
                Batches++;
            }
            catch (Exception e)
            {
                _log.Error(e, "Unable to write the agent keys: {Reason:l}", e.Message);
                outcomes = Enumerable.Repeat(EnrollmentOutcome.InternalError, batch.Count).ToList();
            }

            if (_schedule.IsDue || (_unanswered() <= batch.Count && _schedule.AllowsEarly(_store.FileBytes)))
            {
                // Before the replies: when no connection outside this batch is waiting for an answer (a lone
                // enrollment, or the last one of a storm), client.keys holds every enrollment answered so far by the
                // time this key is sent. Connections answered earlier but still closing do not count.
                Compact();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answered?.Invoke();
                batch[i].Completion.TrySetResult(i < outcomes.Count ? outcomes[i] : EnrollmentOutcome.InternalError);
            }
        }

        Compact();
    }

    // A failed compaction loses nothing: the agents stay in the journal, every reader of the store sees them, and the
    // next due time tries again.
    private void Compact()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var folded = _store.Compact();
            if (folded > 0)
            {
                // Only a real rewrite spaces the next one: an idle writer folds the next enrollment at once.
                Compactions++;
                var took = Stopwatch.GetElapsedTime(started);
                _schedule.Ran(took);
                _log.Debug("Folded {Count} journaled agents into client.keys ({Milliseconds:F1} ms).", folded, took.TotalMilliseconds);
            }
        }
        catch (Exception e)
        {
            _log.Error(e, "Unable to fold the enrollment journal into client.keys: {Reason:l}", e.Message);
            _schedule.Failed();
        }
    }

    private sealed class Pending(EnrollmentCandidate candidate, Action? answered)
    {
        public EnrollmentCandidate Candidate { get; } = candidate;

        public Action? Answered { get; } = answered;

        public TaskCompletionSource<EnrollmentOutcome> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
