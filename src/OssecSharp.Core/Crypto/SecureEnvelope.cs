namespace OssecSharp.Core.Crypto;

/// <summary>
/// The clear-text start of a secure-channel datagram (keys-and-crypto.md §5): an optional <c>!id!</c> prefix, then
/// <c>:</c> (Blowfish) or <c>#AES:</c> (AES). Parsing it lets remoted find the agent before decrypting.
/// </summary>
public readonly ref struct SecureEnvelope
{
    private const byte Bang = (byte)'!';

    private SecureEnvelope(ReadOnlySpan<byte> agentId, CryptoMethod method, ReadOnlySpan<byte> body)
    {
        AgentId = agentId;
        Method = method;
        Body = body;
    }

    /// <summary>The id between the two <c>!</c>, or empty when the datagram has no prefix.</summary>
    public ReadOnlySpan<byte> AgentId { get; }

    /// <summary>True when the datagram started with <c>!id!</c>.</summary>
    public bool HasIdPrefix => !AgentId.IsEmpty;

    /// <summary>The method the prefix announces (<c>#AES</c> → AES, else Blowfish).</summary>
    public CryptoMethod Method { get; }

    /// <summary>The bytes after the <c>:</c>: Blowfish ciphertext, or IV + AES ciphertext.</summary>
    public ReadOnlySpan<byte> Body { get; }

    private static ReadOnlySpan<byte> AesMarker => "#AES"u8;

    /// <summary>Splits a datagram; never throws.</summary>
    public static DecodeStatus TryParse(ReadOnlySpan<byte> datagram, out SecureEnvelope envelope)
    {
        envelope = default;
        if (datagram.IsEmpty)
        {
            return DecodeStatus.Empty;
        }

        var id = ReadOnlySpan<byte>.Empty;
        var rest = datagram;
        if (rest[0] == Bang)
        {
            // OSSEC reads the digits after '!' and requires the next byte to be '!' (ReadSecMSG / HandleSecure).
            var digits = rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (digits <= 0 || rest[1 + digits] != Bang)
            {
                return DecodeStatus.BadIdPrefix;
            }

            id = rest.Slice(1, digits);
            rest = rest[(digits + 2)..];
        }

        var method = CryptoMethod.Blowfish;
        if (rest.StartsWith(AesMarker))
        {
            method = CryptoMethod.Aes;
            rest = rest[AesMarker.Length..];
        }

        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return DecodeStatus.BadFormat;
        }

        envelope = new SecureEnvelope(id, method, rest[1..]);
        return DecodeStatus.Ok;
    }
}
