using System.Security.Cryptography;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.Control;

/// <summary>
/// Encrypts manager → agent messages (acks, shared files, active responses) with the agent's last method and the
/// manager's one sender counter, and sends them to the agent's last control source. Every datagram stays within
/// the agent's 1024-byte read buffer (keys-and-crypto.md §5.3).
/// </summary>
internal sealed class ReplySender
{
    /// <summary>OSSEC agents read unsolicited manager datagrams into a 1024-byte buffer.</summary>
    public const int MaxAgentDatagram = 1024;

    private readonly SenderCounter _counter;
    private readonly RemotedStats _stats;
    private readonly ILogger _log;

    public ReplySender(SenderCounter counter, RemotedStats stats, ILogger log)
    {
        _counter = counter;
        _stats = stats;
        _log = log;
    }

    /// <summary>Encrypts and sends <paramref name="payload"/>; false when it was too large or could not be sent.</summary>
    public bool Send(AgentSession session, ReadOnlySpan<byte> payload)
    {
        var peer = session.ReplyPeer;
        if (peer is null || !peer.IsOpen)
        {
            _stats.OnReply(false);
            return false;
        }

        Span<byte> datagram = stackalloc byte[SecureMessageCodec.MaxDatagramLength];
        if (!TryEncode(session, payload, datagram, out var written))
        {
            _stats.OnReply(false);
            return false;
        }

        if (written > MaxAgentDatagram)
        {
            _log.Error("Message to agent '{Name}' would be {Length} bytes, more than an agent reads; not sent.", session.Name, written);
            _stats.OnReply(false);
            return false;
        }

        var sent = peer.TrySend(datagram[..written]);
        _stats.OnReply(sent);
        return sent;
    }

    private bool TryEncode(AgentSession session, ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        var method = session.LastMethod;
        var iv = method == CryptoMethod.Aes ? RandomNumberGenerator.GetBytes(AgentCipher.AesBlockSize) : null;
        var counter = _counter.Next();
        var header = new SecureMessageHeader(
            method, counter.Global, counter.Local, (ushort)RandomNumberGenerator.GetInt32(65536), iv, AgentId: null);
        return SecureMessageCodec.TryEncode(session.Cipher, payload, header, destination, out written);
    }
}
