using System.Buffers.Text;
using System.Text;
using OssecSharp.Core.Counters;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// OssecSharp's negotiated extension of the secure channel (docs/protocol-extensions.md). Every extension message
/// rides on a message each OSSEC side already accepts in silence, with the extension after a NUL byte that OSSEC's
/// C code never reads (it compares control messages with <c>strcmp</c>): manager → agent
/// <c>#!-agent ack \0ossecsharp …</c> (an OSSEC agent sees an ack), agent → manager
/// <c>#!-agent startup \0ossecsharp sync</c> (an OSSEC manager sees a start-up message and only acks it).
/// </summary>
public readonly ref partial struct ControlMessage
{
    /// <summary>The agent's sync: "the counter of this message starts a new confirmation run; everything unconfirmed
    /// before it follows again". Sent only to a manager that offered <see cref="LinkFeatures.Receipts"/>.</summary>
    public static ReadOnlySpan<byte> LinkSync => "#!-agent startup \0ossecsharp sync"u8;

    /// <summary>Sent by Wazuh agents when they stop; ours send it only to a manager that offered
    /// <see cref="LinkFeatures.Shutdown"/> (OSSEC 4.2 logs <c>Invalid message from agent</c> for it).</summary>
    public static ReadOnlySpan<byte> AgentShutdown => "#!-agent shutdown "u8;

    private static ReadOnlySpan<byte> AckTrailer => "#!-agent ack \0ossecsharp "u8;

    private static ReadOnlySpan<byte> NoticeMark => "ossecsharp "u8;

    private static ReadOnlySpan<byte> OfferWord => "offer"u8;

    private static ReadOnlySpan<byte> ConfirmWord => "confirm"u8;

    private static ReadOnlySpan<byte> ResendWord => "resend"u8;

    private static ReadOnlySpan<byte> ReceiptsWord => "receipts"u8;

    private static ReadOnlySpan<byte> ShutdownWord => "shutdown"u8;

    /// <summary><c>#!-agent ack \0ossecsharp offer receipts shutdown</c>: the ack of a start-up message.</summary>
    public static byte[] FormatOffer(LinkFeatures features)
    {
        var text = new StringBuilder("offer");
        if (features.HasFlag(LinkFeatures.Receipts))
        {
            text.Append(" receipts");
        }

        if (features.HasFlag(LinkFeatures.Shutdown))
        {
            text.Append(" shutdown");
        }

        return WithAckTrailer(text.ToString());
    }

    /// <summary><c>#!-agent ack \0ossecsharp confirm G:L</c>.</summary>
    public static byte[] FormatConfirm(MessageCounter through) => WithAckTrailer($"confirm {through.Global}:{through.Local}");

    /// <summary><c>#!-agent ack \0ossecsharp resend G:L G:L</c> (confirmed through, sync it belongs to).</summary>
    public static byte[] FormatResend(MessageCounter through, MessageCounter sync) =>
        WithAckTrailer($"resend {through.Global}:{through.Local} {sync.Global}:{sync.Local}");

    /// <summary>
    /// The extension notice an ack carries. False for anything else (a bare ack included); unknown notices and
    /// unknown offered features are ignored, so a newer manager stays compatible.
    /// </summary>
    public bool TryGetNotice(out LinkNotice notice)
    {
        notice = default;
        if (Kind != ControlKind.AgentAck || !Trailer.StartsWith(NoticeMark))
        {
            return false;
        }

        var rest = Trailer[NoticeMark.Length..];
        var word = NextWord(ref rest);
        if (word.SequenceEqual(OfferWord))
        {
            var features = LinkFeatures.None;
            while (!rest.IsEmpty)
            {
                var feature = NextWord(ref rest);
                if (feature.SequenceEqual(ReceiptsWord))
                {
                    features |= LinkFeatures.Receipts;
                }
                else if (feature.SequenceEqual(ShutdownWord))
                {
                    features |= LinkFeatures.Shutdown;
                }
            }

            notice = new LinkNotice(LinkNoticeKind.Offer, features, default, default);
            return true;
        }

        if (word.SequenceEqual(ConfirmWord) && TryCounter(NextWord(ref rest), out var through))
        {
            notice = new LinkNotice(LinkNoticeKind.Confirm, LinkFeatures.None, through, default);
            return true;
        }

        if (word.SequenceEqual(ResendWord) && TryCounter(NextWord(ref rest), out through) && TryCounter(NextWord(ref rest), out var sync))
        {
            notice = new LinkNotice(LinkNoticeKind.Resend, LinkFeatures.None, through, sync);
            return true;
        }

        return false;
    }

    private static byte[] WithAckTrailer(string text)
    {
        var result = new byte[AckTrailer.Length + text.Length];
        AckTrailer.CopyTo(result);
        Encoding.ASCII.GetBytes(text, result.AsSpan(AckTrailer.Length));
        return result;
    }

    private static ReadOnlySpan<byte> NextWord(ref ReadOnlySpan<byte> rest)
    {
        var space = rest.IndexOf((byte)' ');
        var word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? default : rest[(space + 1)..];
        return word;
    }

    private static bool TryCounter(ReadOnlySpan<byte> text, out MessageCounter counter)
    {
        counter = default;
        var colon = text.IndexOf((byte)':');
        if (colon <= 0
            || !Utf8Parser.TryParse(text[..colon], out uint global, out var used) || used != colon
            || !Utf8Parser.TryParse(text[(colon + 1)..], out uint local, out used) || used != text.Length - colon - 1)
        {
            return false;
        }

        counter = new MessageCounter(global, local);
        return true;
    }
}
