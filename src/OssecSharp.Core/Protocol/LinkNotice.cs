using OssecSharp.Core.Counters;

namespace OssecSharp.Core.Protocol;

/// <summary>One extension notice from the manager (see <see cref="ControlMessage.TryGetNotice"/>).</summary>
/// <param name="Kind">What it says.</param>
/// <param name="Features">For <see cref="LinkNoticeKind.Offer"/>: the offered features.</param>
/// <param name="Through">For confirm and resend: the last agent counter handled.</param>
/// <param name="Sync">For resend: the counter of the agent's sync message the request belongs to.</param>
public readonly record struct LinkNotice(LinkNoticeKind Kind, LinkFeatures Features, MessageCounter Through, MessageCounter Sync);
