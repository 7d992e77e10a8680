using System.Security.Cryptography;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Agentd.Session;

/// <summary>
/// The agent's end of the secure channel (keys-and-crypto §5, §9–§10): encodes payloads with the next sender
/// counter (persisted before use) and decodes the manager's datagrams with the configured method, applying the
/// replay rule against <c>queue/rids/&lt;own id&gt;</c>. Not thread-safe for encoding: the session serializes sends
/// so that counters leave in increasing order.
/// </summary>
internal sealed class AgentChannelCodec : IDisposable
{
    private readonly AgentCipher _cipher;
    private readonly SenderCounter _sender;
    private readonly ReceiveCounterStore _receive;
    private readonly bool _verifyMessageId;
    private readonly string? _prefixId;
    private readonly byte[] _random = new byte[AgentCipher.AesBlockSize + sizeof(ushort)];
    private readonly byte[] _encodeBuffer = new byte[SecureMessageCodec.MaxDatagramLength];
    private readonly SecureMessageEncoder _encoder = new();

    public AgentChannelCodec(
        AgentIdentity identity, CryptoMethod method, SenderCounter sender, ReceiveCounterStore receive, bool verifyMessageId)
    {
        Identity = identity;
        Method = method;
        _cipher = new AgentCipher(DerivedKey.Compute(identity.Id, identity.Name, identity.Key));
        _sender = sender;
        _receive = receive;
        _verifyMessageId = verifyMessageId;
        _prefixId = identity.IsSingleHost ? null : identity.Id;
    }

    public AgentIdentity Identity { get; }

    public CryptoMethod Method { get; }

    /// <summary>The sender counter of the last encoded datagram (receipts are confirmed by counter).</summary>
    public MessageCounter LastCounter { get; private set; }

    /// <summary>Encodes one payload (1…6016 bytes) into a datagram; the returned memory is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<byte> payload)
    {
        if (!SecureMessageCodec.IsValidPayloadLength(payload.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "Incorrect message size.");
        }

        var counter = _sender.Next();
        LastCounter = counter;
        // One draw for the IV and the header's random number (each draw is a call into OpenSSL).
        RandomNumberGenerator.Fill(_random);
        var random = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(_random.AsSpan(AgentCipher.AesBlockSize));
        var header = new SecureMessageHeader(
            Method, counter.Global, counter.Local, random, _random.AsMemory(0, AgentCipher.AesBlockSize), _prefixId);
        if (!_encoder.TryEncode(_cipher, payload, header, _encodeBuffer, out var written))
        {
            throw new InvalidOperationException("The datagram does not fit its buffer.");
        }

        return _encodeBuffer.AsMemory(0, written);
    }

    /// <summary>
    /// Decodes a datagram from the manager; the payload is left in <paramref name="work"/> at the returned offset.
    /// Returns false with the reason when it is refused (bad bytes, wrong key, replayed counter).
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> datagram, Span<byte> work, out int payloadOffset, out int payloadLength, out string reason)
    {
        payloadOffset = payloadLength = 0;
        var status = SecureMessageCodec.TryDecode(datagram, _cipher, work, out var message, Method);
        if (status != DecodeStatus.Ok)
        {
            reason = status.ToString();
            return false;
        }

        var verdict = _receive.CheckAndUpdate(Identity.Id, new MessageCounter(message.Global, message.Local), _verifyMessageId);
        if (verdict != ReplayVerdict.Accept)
        {
            reason = verdict == ReplayVerdict.Duplicate ? "duplicated counter" : "old counter";
            return false;
        }

        // The codec leaves the payload inside the work buffer; copy it there if that ever changes.
        var payload = message.Payload;
        if (!((ReadOnlySpan<byte>)work).Overlaps(payload, out payloadOffset))
        {
            payload.CopyTo(work);
            payloadOffset = 0;
        }

        payloadLength = payload.Length;
        reason = string.Empty;
        return true;
    }

    /// <summary>Writes the manager's last counters to <c>queue/rids/&lt;id&gt;</c> (shutdown).</summary>
    public void Flush() => _receive.Flush();

    public void Dispose()
    {
        _encoder.Dispose();
        _cipher.Dispose();
    }
}
