using OssecSharp.Agentd.Buffer;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

public sealed class ClientBufferTests
{
    [Fact]
    public async Task Full_buffer_drops_counts_and_logs_then_recovers()
    {
        var sink = new CollectingSink("ossec-agentd");
        var buffer = new ClientBuffer(10, dropWhenFull: true, sink.NewLogger(), TimeProvider.System);

        var accepted = 0;
        for (var i = 0; i < 15; i++)
        {
            if (await buffer.OfferAsync([(byte)i], CancellationToken.None))
            {
                accepted++;
            }
        }

        accepted.Should().Be(10);
        buffer.Dropped.Should().Be(5);
        sink.Messages.Should().Contain("Agent buffer at 90 %.").And.Contain("Agent buffer is full: Events may be lost.");

        for (var i = 0; i < 4; i++)
        {
            (await buffer.TakeAsync(CancellationToken.None))[0].Should().Be((byte)i, "the buffer keeps arrival order");
        }

        sink.Messages.Should().Contain(m => m.StartsWith("Agent buffer is under 70 %", StringComparison.Ordinal)
            && m.Contains("5 events were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_buffer_makes_producers_wait_instead_of_dropping()
    {
        var buffer = new ClientBuffer(2, dropWhenFull: false, Logger.None, TimeProvider.System);
        (await buffer.OfferAsync([1], CancellationToken.None)).Should().BeTrue();
        (await buffer.OfferAsync([2], CancellationToken.None)).Should().BeTrue();

        var third = buffer.OfferAsync([3], CancellationToken.None).AsTask();
        await Task.Delay(100);
        third.IsCompleted.Should().BeFalse();

        await buffer.TakeAsync(CancellationToken.None);
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeTrue();
        buffer.Dropped.Should().Be(0);
    }

    [Fact]
    public void Eps_limiter_allows_one_second_of_events_then_paces()
    {
        var time = new ManualTime();
        var limiter = new EpsLimiter(100, time);
        for (var i = 0; i < 100; i++)
        {
            limiter.TryAcquire().Should().Be(TimeSpan.Zero);
        }

        var wait = limiter.TryAcquire();
        wait.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(11));

        time.Advance(TimeSpan.FromMilliseconds(50));
        var granted = 0;
        while (limiter.TryAcquire() == TimeSpan.Zero)
        {
            granted++;
        }

        granted.Should().Be(5);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public async Task Disabled_buffer_blocks_a_producer_thread_until_the_sender_takes_an_event()
    {
        using var buffer = new ClientBuffer(1, dropWhenFull: false, Logger.None, TimeProvider.System);
        buffer.Offer([1], CancellationToken.None).Should().BeTrue();
        using var producerDone = new ManualResetEventSlim();
        var offered = false;
        var producer = new Thread(() =>
        {
            offered = buffer.Offer([2], CancellationToken.None);
            producerDone.Set();
        });
        producer.Start();
        producerDone.Wait(TimeSpan.FromMilliseconds(200)).Should().BeFalse("the buffer is full and does not drop");

        (await buffer.TakeAsync(CancellationToken.None))[0].Should().Be(1);
        producerDone.Wait(TimeSpan.FromSeconds(5)).Should().BeTrue();
        offered.Should().BeTrue();
        (await buffer.TakeAsync(CancellationToken.None))[0].Should().Be(2);
        buffer.Dropped.Should().Be(0);
    }

    [Fact]
    public void A_blocked_producer_thread_gives_up_when_cancelled()
    {
        using var buffer = new ClientBuffer(1, dropWhenFull: false, Logger.None, TimeProvider.System);
        buffer.Offer([1], CancellationToken.None).Should().BeTrue();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var act = () => buffer.Offer([2], cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }
}
