namespace OssecSharp.Core.Protocol;

/// <summary>What an OssecSharp manager offers an OssecSharp agent beyond OSSEC's protocol (docs/protocol-extensions.md).</summary>
[Flags]
public enum LinkFeatures
{
    /// <summary>Nothing: a real OSSEC manager, or an OssecSharp one that has not answered a start-up yet.</summary>
    None = 0,

    /// <summary>Receipt confirmation: the agent keeps events until the manager confirms them, and re-sends the rest.</summary>
    Receipts = 1,

    /// <summary>The manager understands <c>#!-agent shutdown </c> (marks the agent disconnected at once).</summary>
    Shutdown = 2,
}
