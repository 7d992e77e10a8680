namespace OssecSharp.Core.Protocol;

/// <summary>The kinds of extension notice a manager sends in the trailer of an ack.</summary>
public enum LinkNoticeKind
{
    /// <summary><c>offer &lt;feature&gt;…</c>: the features the manager supports (in the ack of a start-up).</summary>
    Offer,

    /// <summary><c>confirm &lt;G&gt;:&lt;L&gt;</c>: every message up to that counter has been handled.</summary>
    Confirm,

    /// <summary><c>resend &lt;G&gt;:&lt;L&gt; &lt;G&gt;:&lt;L&gt;</c>: confirmed up to the first counter; everything sent after it since
    /// the sync with the second counter must be sent again (the manager lost or dropped part of it).</summary>
    Resend,
}
