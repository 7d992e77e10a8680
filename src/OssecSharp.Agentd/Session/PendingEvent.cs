namespace OssecSharp.Agentd.Session;

/// <summary>An event taken from the buffer, numbered in arrival order so that a resend keeps the order.</summary>
internal sealed record PendingEvent(long Sequence, byte[] Payload);
