namespace OssecSharp.Remoted.Transport;

/// <summary>What the socket loops hand every received message to (must not block: it only queues).</summary>
internal interface IDatagramSink
{
    void Accept(ReadOnlySpan<byte> message, IPeer peer);
}
