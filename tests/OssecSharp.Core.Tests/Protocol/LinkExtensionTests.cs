using System.Text;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Core.Tests.Protocol;

public sealed class LinkExtensionTests
{
    [Fact]
    public void Every_manager_notice_is_an_ack_up_to_its_NUL_as_OSSEC_agents_compare_it()
    {
        byte[][] notices =
        [
            ControlMessage.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown),
            ControlMessage.FormatConfirm(new MessageCounter(3, 9997)),
            ControlMessage.FormatResend(new MessageCounter(1, 2), new MessageCounter(1, 1)),
        ];

        foreach (var notice in notices)
        {
            // OSSEC's receive_msg: strcmp(msg + 3, "agent ack ") == 0.
            var nul = Array.IndexOf(notice, (byte)0);
            nul.Should().BeGreaterThan(0);
            notice.AsSpan(0, nul).SequenceEqual(ControlMessage.AgentAck).Should().BeTrue();
            notice.Length.Should().BeLessThan(100);
        }
    }

    [Fact]
    public void Sync_is_a_start_up_message_up_to_its_NUL_as_OSSEC_managers_compare_it()
    {
        var sync = ControlMessage.LinkSync.ToArray();
        var nul = Array.IndexOf(sync, (byte)0);
        sync.AsSpan(0, nul).SequenceEqual(ControlMessage.AgentStartup).Should().BeTrue();
        ControlMessage.FromAgent(sync).Kind.Should().Be(ControlKind.LinkSync);
        ControlMessage.FromAgent(ControlMessage.AgentStartup).Kind.Should().Be(ControlKind.AgentStartup);
    }

    [Fact]
    public void Notices_round_trip()
    {
        TryNotice(ControlMessage.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown), out var offer).Should().BeTrue();
        offer.Kind.Should().Be(LinkNoticeKind.Offer);
        offer.Features.Should().Be(LinkFeatures.Receipts | LinkFeatures.Shutdown);

        TryNotice(ControlMessage.FormatConfirm(new MessageCounter(7, 42)), out var confirm).Should().BeTrue();
        confirm.Should().Be(new LinkNotice(LinkNoticeKind.Confirm, LinkFeatures.None, new MessageCounter(7, 42), default));

        TryNotice(ControlMessage.FormatResend(new MessageCounter(7, 42), new MessageCounter(7, 40)), out var resend)
            .Should().BeTrue();
        resend.Should().Be(new LinkNotice(LinkNoticeKind.Resend, LinkFeatures.None, new MessageCounter(7, 42), new MessageCounter(7, 40)));
    }

    [Theory]
    [InlineData("#!-agent ack ")]
    [InlineData("#!-agent ack \0other thing")]
    [InlineData("#!-agent ack \0ossecsharp confirm 1")]
    [InlineData("#!-agent ack \0ossecsharp confirm 1:x")]
    [InlineData("#!-agent ack \0ossecsharp resend 1:2")]
    [InlineData("#!-agent ack \0ossecsharp something 1:2")]
    [InlineData("#!-execd \0ossecsharp confirm 1:2")]
    [InlineData("1:loc:#!-agent ack \0ossecsharp confirm 1:2")]
    public void Anything_else_is_not_a_notice(string payload)
    {
        TryNotice(Encoding.ASCII.GetBytes(payload), out _).Should().BeFalse();
    }

    [Fact]
    public void Unknown_offered_features_are_ignored()
    {
        TryNotice("#!-agent ack \0ossecsharp offer compression receipts"u8, out var offer).Should().BeTrue();
        offer.Features.Should().Be(LinkFeatures.Receipts);
        TryNotice("#!-agent ack \0ossecsharp offer"u8, out offer).Should().BeTrue();
        offer.Features.Should().Be(LinkFeatures.None);
    }

    // The agent's reading: classified as it comes from the manager, then the ack's trailer read.
    private static bool TryNotice(ReadOnlySpan<byte> payload, out LinkNotice notice) =>
        ControlMessage.FromManager(payload).TryGetNotice(out notice);
}
