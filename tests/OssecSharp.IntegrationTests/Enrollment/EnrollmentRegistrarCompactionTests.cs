using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>
/// authd's rule "the last connection answered sees a complete client.keys", step by step: a connection that was
/// answered but is still closing must not keep the writer from folding the journal before the next (last) answer.
/// </summary>
public sealed class EnrollmentRegistrarCompactionTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly TempFolder _folder = new("registrar-");

    private string KeysPath => _folder.Combine("client.keys");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Answered_connections_that_are_still_open_are_not_counted_as_waiting()
    {
        var registry = new ConnectionRegistry(capacity: 2);
        using var first = registry.TryAdd()!;
        using var second = registry.TryAdd()!;
        registry.Unanswered.Should().Be(2);

        first.MarkBusy();
        first.MarkAnswered();
        first.MarkAnswered();
        registry.Count.Should().Be(2);
        registry.Unanswered.Should().Be(1);

        // At the cap the waiting second connection is evicted for a third; its slot stays until its task ends.
        using var third = registry.TryAdd()!;
        second.Token.IsCancellationRequested.Should().BeTrue();
        registry.Unanswered.Should().Be(2);
        second.Dispose();
        registry.Unanswered.Should().Be(1);
        first.Dispose();
        first.MarkAnswered();
        registry.Unanswered.Should().Be(1, "only the third is still to answer");
        registry.Count.Should().Be(1);
    }

    [Fact]
    public async Task The_last_answer_of_a_storm_is_sent_after_the_journal_is_folded_even_if_earlier_connections_are_still_open()
    {
        File.WriteAllText(KeysPath, string.Empty);
        var registry = new ConnectionRegistry(capacity: 16);

        // A clock standing still an hour before the next due time: only the "no one else to answer" rule may fold.
        var clock = new StoppedClock();
        var registrar = new EnrollmentRegistrar(
            new KeyStoreEnrollmentStore(new KeyStore(KeysPath)), Serilog.Core.Logger.None, 16, clock, () => registry.Unanswered);
        await using (registrar)
        {
            clock.Now -= TimeSpan.FromHours(1).Ticks;
            using var a = registry.TryAdd()!;
            using var b = registry.TryAdd()!;

            var seenByA = await EnrollAsync(registrar, a, "agent-a");
            seenByA.Should().Be((0, 1), "agent-b is still to be answered, so agent-a's key is only journaled");

            // agent-a has its answer but its connection is still closing when agent-b, the last one, is answered.
            var seenByB = await EnrollAsync(registrar, b, "agent-b");
            seenByB.Should().Be((2, 0), "nobody else is waiting: client.keys must be complete before agent-b's key is sent");
            registrar.Compactions.Should().Be(1);
        }
    }

    // Enrolls through the registrar; returns the lines in client.keys and in the journal at the moment of the answer.
    private async Task<(int Keys, int Journal)> EnrollAsync(EnrollmentRegistrar registrar, ConnectionSlot slot, string name)
    {
        (int, int) seen = default;
        var outcome = await registrar.EnrollAsync(new EnrollmentCandidate(name, "127.0.0.1", false), () =>
        {
            seen = (File.ReadAllLines(KeysPath).Length, File.ReadAllLines(KeysPath + ".journal").Length);
            slot.MarkAnswered();
        }, CancellationToken.None).WaitAsync(s_timeout);
        outcome.Status.Should().Be(EnrollmentOutcomeStatus.Added);
        return seen;
    }

    private sealed class StoppedClock : TimeProvider
    {
        public long Now { get; set; } = TimeSpan.FromDays(1).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now;
    }
}
