using OssecSharp.Agentd.Session;
using OssecSharp.Core.Counters;

namespace OssecSharp.Agentd.Tests;

public sealed class ReceiptWindowTests
{
    [Fact]
    public async Task A_full_window_holds_the_sender_until_a_confirmation_frees_room()
    {
        var window = new ReceiptWindow(2, TimeProvider.System);
        window.Add(new PendingEvent(0, [1]), new MessageCounter(1, 1));
        window.WaitForRoomAsync(CancellationToken.None).IsCompleted.Should().BeTrue();
        window.Add(new PendingEvent(1, [2]), new MessageCounter(1, 2));

        var room = window.WaitForRoomAsync(CancellationToken.None);
        room.IsCompleted.Should().BeFalse("the window holds its capacity of unconfirmed events");
        window.Confirm(new MessageCounter(1, 0)).Should().Be(0);
        room.IsCompleted.Should().BeFalse();

        window.Confirm(new MessageCounter(1, 1)).Should().Be(1);
        await room.WaitAsync(TimeSpan.FromSeconds(5));
        window.Count.Should().Be(1);
        window.Confirmed.Should().Be(1);
    }

    [Fact]
    public void Confirmation_is_cumulative_across_a_counter_wrap_and_take_all_keeps_the_order()
    {
        var window = new ReceiptWindow(16, TimeProvider.System);
        window.Add(new PendingEvent(0, [0]), new MessageCounter(1, 9996));
        window.Add(new PendingEvent(1, [1]), new MessageCounter(1, 9997));
        window.Add(new PendingEvent(2, [2]), new MessageCounter(2, 1));
        window.Add(new PendingEvent(3, [3]), new MessageCounter(2, 2));

        window.Confirm(new MessageCounter(2, 1)).Should().Be(3);
        window.Add(new PendingEvent(4, [4]), new MessageCounter(2, 3));
        window.TakeAll(restartClock: true).Select(e => e.Sequence).Should().Equal(3, 4);
        window.Count.Should().Be(0);
        window.Stalled().Should().Be(TimeSpan.Zero);
    }
}
