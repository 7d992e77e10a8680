namespace OssecSharp.Remoted.Diagnostics;

/// <summary>
/// Counters of the whole receive path, shared by the socket loops and workers (lock-free increments) and
/// written to <c>var/run/ossec-remoted.state</c>.
/// </summary>
internal sealed class RemotedStats
{
    private readonly long[] _rejected = new long[Enum.GetValues<RejectReason>().Length];
    private long _received;
    private long _receivedBytes;
    private long _decrypted;
    private long _events;
    private long _controlMessages;
    private long _ingressDropped;
    private long _repliesSent;
    private long _replyFailures;
    private long _tcpConnections;
    private long _tcpFramingErrors;
    private long _tcpEvicted;
    private long _tcpRefused;
    private long _tcpFirstFrameTimeouts;
    private long _arForwarded;
    private long _filesPushed;
    private long _counterResyncs;
    private long _receiptConfirms;
    private long _resendRequests;
    private long _awaitingResend;

    public long Received => Interlocked.Read(ref _received);

    public long ReceivedBytes => Interlocked.Read(ref _receivedBytes);

    public long Decrypted => Interlocked.Read(ref _decrypted);

    public long Events => Interlocked.Read(ref _events);

    public long ControlMessages => Interlocked.Read(ref _controlMessages);

    /// <summary>Datagrams discarded because their source's queue shard was full (decrypt stage behind).</summary>
    public long IngressDropped => Interlocked.Read(ref _ingressDropped);

    public long RepliesSent => Interlocked.Read(ref _repliesSent);

    public long ReplyFailures => Interlocked.Read(ref _replyFailures);

    public long TcpConnections => Interlocked.Read(ref _tcpConnections);

    public long TcpFramingErrors => Interlocked.Read(ref _tcpFramingErrors);

    /// <summary>Idle unauthenticated TCP connections closed to admit a new one (table or source limit).</summary>
    public long TcpEvicted => Interlocked.Read(ref _tcpEvicted);

    /// <summary>TCP connections refused because every connection they could replace is an authenticated agent.</summary>
    public long TcpRefused => Interlocked.Read(ref _tcpRefused);

    /// <summary>TCP connections closed for sending no whole first frame in time.</summary>
    public long TcpFirstFrameTimeouts => Interlocked.Read(ref _tcpFirstFrameTimeouts);

    public long ArForwarded => Interlocked.Read(ref _arForwarded);

    public long FilesPushed => Interlocked.Read(ref _filesPushed);

    public long CounterResyncs => Interlocked.Read(ref _counterResyncs);

    /// <summary>Receipt confirmations sent to agents (protocol extension).</summary>
    public long ReceiptConfirms => Interlocked.Read(ref _receiptConfirms);

    /// <summary>Requests to resend after a gap, sent to agents (protocol extension).</summary>
    public long ResendRequests => Interlocked.Read(ref _resendRequests);

    /// <summary>Events dropped after a gap because their agent was asked to send them again (protocol extension).</summary>
    public long AwaitingResend => Interlocked.Read(ref _awaitingResend);

    public long RejectedTotal
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _rejected.Length; i++)
            {
                total += Interlocked.Read(ref _rejected[i]);
            }

            return total;
        }
    }

    public long Rejected(RejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public void OnReceived(int bytes)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Add(ref _receivedBytes, bytes);
    }

    public void OnDecrypted() => Interlocked.Increment(ref _decrypted);

    public void OnEvent() => Interlocked.Increment(ref _events);

    public void OnControl() => Interlocked.Increment(ref _controlMessages);

    public void OnIngressDropped() => Interlocked.Increment(ref _ingressDropped);

    public void OnReject(RejectReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    public void OnReply(bool sent)
    {
        if (sent)
        {
            Interlocked.Increment(ref _repliesSent);
        }
        else
        {
            Interlocked.Increment(ref _replyFailures);
        }
    }

    public void OnTcpConnection() => Interlocked.Increment(ref _tcpConnections);

    public void OnTcpFramingError() => Interlocked.Increment(ref _tcpFramingErrors);

    public void OnTcpEvicted() => Interlocked.Increment(ref _tcpEvicted);

    public void OnTcpRefused() => Interlocked.Increment(ref _tcpRefused);

    public void OnTcpFirstFrameTimeout() => Interlocked.Increment(ref _tcpFirstFrameTimeouts);

    public void OnArForwarded() => Interlocked.Increment(ref _arForwarded);

    public void OnFilePushed() => Interlocked.Increment(ref _filesPushed);

    public void OnCounterResync() => Interlocked.Increment(ref _counterResyncs);

    public void OnReceiptNotice(bool resend) => Interlocked.Increment(ref resend ? ref _resendRequests : ref _receiptConfirms);

    public void OnAwaitingResend() => Interlocked.Increment(ref _awaitingResend);
}
