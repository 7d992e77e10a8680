namespace OssecSharp.Core.Crypto;

/// <summary>A verified secure-channel message; <see cref="Payload"/> points into the caller's work buffer.</summary>
public readonly ref struct DecodedMessage
{
    internal DecodedMessage(CryptoMethod method, ushort random, uint global, uint local, ReadOnlySpan<byte> payload)
    {
        Method = method;
        Random = random;
        Global = global;
        Local = local;
        Payload = payload;
    }

    /// <summary>The method announced by the envelope (what a manager answers with).</summary>
    public CryptoMethod Method { get; }

    /// <summary>The sender's 16-bit random value (5 digits on the wire).</summary>
    public ushort Random { get; }

    /// <summary>The sender's global counter.</summary>
    public uint Global { get; }

    /// <summary>The sender's local counter (1…9997).</summary>
    public uint Local { get; }

    /// <summary>The message: an event or a <c>#!-</c> control message.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
