using OssecSharp.Core.Counters;
using OssecSharp.Remoted.Receipts;

namespace OssecSharp.Remoted.Tests;

public sealed class ReceiptTrackerTests
{
    private static MessageCounter C(uint local) => new(1, local);

    [Fact]
    public void Confirmation_waits_for_the_sink_and_never_passes_an_event_not_yet_written()
    {
        var tracker = new ReceiptTracker();
        tracker.Admit(C(1), isEvent: true).Should().Be(ReceiptAdmission.Untracked, "no sync yet");
        tracker.Sync(C(2));
        tracker.Admit(C(3), isEvent: true).Should().Be(ReceiptAdmission.Track);
        tracker.Admit(C(4), isEvent: false).Should().Be(ReceiptAdmission.Untracked);
        tracker.Admit(C(5), isEvent: true).Should().Be(ReceiptAdmission.Track);

        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(false, C(2), C(2)));
        tracker.Completed(C(3), written: true);
        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(false, C(4), C(2)));
        tracker.Completed(C(5), written: true);
        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(false, C(5), C(2)));
        tracker.TakeNotice(0, out _).Should().BeNull("nothing new to confirm");
    }

    [Fact]
    public void An_event_the_sink_could_not_write_is_a_gap_even_when_later_ones_were_written()
    {
        var tracker = new ReceiptTracker();
        tracker.Sync(C(1));
        tracker.Admit(C(2), isEvent: true);
        tracker.Admit(C(3), isEvent: true);
        tracker.Admit(C(4), isEvent: true);
        tracker.Completed(C(2), written: true);
        tracker.Completed(C(3), written: false);
        tracker.Completed(C(4), written: true);

        tracker.TakeNotice(10_000, out _).Should().Be(new ReceiptNotice(true, C(2), C(1)));
        tracker.Admit(C(5), isEvent: true).Should().Be(ReceiptAdmission.Drop, "the agent will send it again");
        tracker.TakeNotice(10_100, out var due).Should().BeNull("resend requests are spaced");
        due.Should().BeTrue();
        tracker.TakeNotice(10_600, out _).Should().Be(new ReceiptNotice(true, C(2), C(1)));

        tracker.Sync(C(6));
        tracker.Admit(C(7), isEvent: true).Should().Be(ReceiptAdmission.Track);
        tracker.Completed(C(7), written: true);
        tracker.TakeNotice(10_700, out _).Should().Be(new ReceiptNotice(false, C(7), C(6)));
    }

    [Fact]
    public void An_event_the_full_sink_refused_is_a_gap()
    {
        var tracker = new ReceiptTracker();
        tracker.Sync(C(1));
        tracker.Admit(C(2), isEvent: true);
        tracker.Admit(C(3), isEvent: true);
        tracker.Refused(C(3));
        tracker.Completed(C(2), written: true);
        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(true, C(2), C(1)));
    }

    [Fact]
    public void An_event_lost_after_a_gap_opened_lowers_what_the_resend_request_confirms()
    {
        var tracker = new ReceiptTracker();
        tracker.Sync(C(1));
        tracker.Admit(C(2), isEvent: true).Should().Be(ReceiptAdmission.Track);
        tracker.Admit(C(4), isEvent: false).Should().Be(ReceiptAdmission.Untracked, "3 is missing: a gap after 2");

        tracker.Completed(C(2), written: false);
        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(true, C(1), C(1)), "2 was never written");
    }

    [Fact]
    public void An_event_refused_after_a_gap_opened_lowers_what_the_resend_request_confirms()
    {
        var tracker = new ReceiptTracker();
        tracker.Sync(C(1));
        tracker.Admit(C(2), isEvent: true).Should().Be(ReceiptAdmission.Track);
        tracker.Admit(C(3), isEvent: true).Should().Be(ReceiptAdmission.Track);
        tracker.Completed(C(2), written: false);

        tracker.Refused(C(3));
        tracker.TakeNotice(0, out _).Should().Be(new ReceiptNotice(true, C(1), C(1)));

        var later = new ReceiptTracker();
        later.Sync(C(1));
        later.Admit(C(2), isEvent: true);
        later.Admit(C(3), isEvent: true);
        later.Admit(C(5), isEvent: false);
        later.Refused(C(3));
        later.Completed(C(2), written: true);
        later.TakeNotice(0, out _).Should().Be(new ReceiptNotice(true, C(2), C(1)), "3 was refused: confirm up to 2 only");
    }
}
