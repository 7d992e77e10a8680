using OssecSharp.Core.Counters;

namespace OssecSharp.Remoted.Receipts;

/// <summary>What the confirmer sends an agent: a confirmation, or a request to resend after a gap.</summary>
/// <param name="Resend">True for a resend request.</param>
/// <param name="Through">Last agent counter handled.</param>
/// <param name="Sync">For a resend: the sync counter of the run it belongs to.</param>
internal readonly record struct ReceiptNotice(bool Resend, MessageCounter Through, MessageCounter Sync);
