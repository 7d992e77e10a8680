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
            LinkExtension.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown),
            LinkExtension.FormatConfirm(new MessageCounter(3, 9997)),
            LinkExtension.FormatResend(new MessageCounter(1, 2), new MessageCounter(1, 1)),
        ];

        foreach (var notice in notices)
        {
            // OSSEC's receive_msg: strcmp(msg + 3, "agent ack ") == 0.
            var nul = Array.IndexOf(notice, (byte)0);
            nul.Should().BeGreaterThan(0);
            notice.AsSpan(0, nul).SequenceEqual(ControlMessages.AgentAck).Should().BeTrue();
            notice.Length.Should().BeLessThan(100);
        }
    }

    [Fact]
    public void Sync_is_a_start_up_message_up_to_its_NUL_as_OSSEC_managers_compare_it()
    {
        var sync = LinkExtension.Sync.ToArray();
        var nul = Array.IndexOf(sync, (byte)0);
        sync.AsSpan(0, nul).SequenceEqual(ControlMessages.AgentStartup).Should().BeTrue();
        LinkExtension.IsSync(sync).Should().BeTrue();
        LinkExtension.IsSync(ControlMessages.AgentStartup).Should().BeFalse();
    }

    [Fact]
    public void Notices_round_trip()
    {
        LinkExtension.TryParseNotice(LinkExtension.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown), out var offer).Should().BeTrue();
        offer.Kind.Should().Be(LinkNoticeKind.Offer);
        offer.Features.Should().Be(LinkFeatures.Receipts | LinkFeatures.Shutdown);

        LinkExtension.TryParseNotice(LinkExtension.FormatConfirm(new MessageCounter(7, 42)), out var confirm).Should().BeTrue();
        confirm.Should().Be(new LinkNotice(LinkNoticeKind.Confirm, LinkFeatures.None, new MessageCounter(7, 42), default));

        LinkExtension.TryParseNotice(LinkExtension.FormatResend(new MessageCounter(7, 42), new MessageCounter(7, 40)), out var resend)
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
        LinkExtension.TryParseNotice(Encoding.ASCII.GetBytes(payload), out _).Should().BeFalse();
    }

    [Fact]
    public void Unknown_offered_features_are_ignored()
    {
        LinkExtension.TryParseNotice("#!-agent ack \0ossecsharp offer compression receipts"u8, out var offer).Should().BeTrue();
        offer.Features.Should().Be(LinkFeatures.Receipts);
        LinkExtension.TryParseNotice("#!-agent ack \0ossecsharp offer"u8, out offer).Should().BeTrue();
        offer.Features.Should().Be(LinkFeatures.None);
    }
}
