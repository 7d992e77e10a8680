using System.Threading.Channels;
using Serilog;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// The single writer of authd: connections queue their validated requests here and one consumer drains everything
/// pending into one <see cref="IEnrollmentKeyStore.Commit"/> (group commit: one lock, one append to client.keys, one
/// fsync for the whole batch), then answers each. No key is released before it is durably on disk.
/// </summary>
internal sealed class EnrollmentRegistrar : IAsyncDisposable
{
    private readonly IEnrollmentKeyStore _store;
    private readonly ILogger _log;
    private readonly Channel<Pending> _queue;
    private readonly int _maxBatch;
    private readonly Task _consumer;

    public EnrollmentRegistrar(IEnrollmentKeyStore store, ILogger log, int capacity, int maxBatch = 4096)
    {
        _store = store;
        _log = log;
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

    /// <summary>
    /// Queues <paramref name="candidate"/> and waits for its outcome. Once queued the request is committed even if
    /// <paramref name="token"/> fires (the caller then just does not send the key, as when OSSEC's write fails).
    /// <paramref name="answered"/> runs on the writer once the batch holding this request is written and before the
    /// caller gets the outcome (tests observe client.keys at that moment).
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
        var batch = new List<Pending>();
        var candidates = new List<EnrollmentCandidate>();
        while (await _queue.Reader.WaitToReadAsync())
        {
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

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answered?.Invoke();
                batch[i].Completion.TrySetResult(i < outcomes.Count ? outcomes[i] : EnrollmentOutcome.InternalError);
            }
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
