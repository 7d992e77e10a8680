namespace OssecSharp.Core.Counters;

/// <summary>OSSEC's replay rule for received counters (keys-and-crypto.md §8).</summary>
public static class ReplayRule
{
    /// <summary>
    /// Accept iff <c>g &gt; Gs</c> or (<c>g == Gs</c> and <c>l &gt; Ls</c>); with <paramref name="verify"/> false
    /// (<c>remoted.verify_msg_id=0</c>) everything is accepted.
    /// </summary>
    public static ReplayVerdict Check(MessageCounter stored, MessageCounter received, bool verify = true)
    {
        if (!verify || received.Global > stored.Global || (received.Global == stored.Global && received.Local > stored.Local))
        {
            return ReplayVerdict.Accept;
        }

        return received.Global == stored.Global ? ReplayVerdict.Duplicate : ReplayVerdict.Old;
    }
}
